package io.leakwatch.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameFilterTest {
    private static StackTraceElement jdk(String cls, String method) {
        return new StackTraceElement(null, "java.base", null, cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", 10);
    }

    private static StackTraceElement app(String cls, String method, int line) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
    }

    private static InternedStack classify(FrameFilter f, StackTraceElement... raw) {
        return f.classify(0, null, null, null, raw, 0);
    }

    @Test
    void agentAndJdkFramesAreTrimmedFromTheTop() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            app("io.leakwatch.bootstrap.ResourceRegistry", "acquire", 1),
            app("io.leakwatch.bootstrap.Hooks", "fileOpened", 2),
            jdk("java.io.FileInputStream", "open"),
            jdk("java.io.FileInputStream", "<init>"),
            jdk("java.io.FileReader", "<init>"),
            app("com.acme.Loader", "load", 42),
            app("com.acme.Main", "main", 7));
        assertEquals(List.of("com.acme.Loader.load(Loader.java:42)", "com.acme.Main.main(Main.java:7)"),
                     Arrays.asList(s.frames));
        assertEquals(Owner.APPLICATION, s.owner);
        assertFalse(s.subsumed);
    }

    @Test
    void filesAnMBeanGetterReadsThroughTheMBeanServersTrampolineAreTheJvms() {
        // JDK 17 to 25: the MBeanServer calls getters through sun.reflect.misc.Trampoline, a class in no named module
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.nio.file.Files", "newBufferedReader"),
            jdk("jdk.internal.platform.CgroupUtil", "readStringValue"),
            jdk("com.sun.management.internal.OperatingSystemImpl", "getProcessCpuLoad"),
            jdk("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke"),
            new StackTraceElement("sun.reflect.misc.Trampoline", "invoke", "MethodUtil.java", 72),
            jdk("sun.reflect.misc.MethodUtil", "invoke"),
            jdk("com.sun.jmx.mbeanserver.ConvertingMethod", "invokeWithOpenReturn"),
            jdk("java.lang.Thread", "run"));
        assertEquals(Owner.JVM, s.owner, Arrays.asList(s.frames).toString());
    }

    @Test
    void configuredPrefixesAreTrimmedTooAndDepthIsApplied() {
        InternedStack s = classify(new FrameFilter(1, new String[] {"org.apache.commons.io."}, new String[0]),
            jdk("java.io.FileInputStream", "<init>"),
            app("org.apache.commons.io.FileUtils", "openInputStream", 3),
            app("com.acme.Loader", "load", 42),
            app("com.acme.Main", "main", 7));
        assertEquals(List.of("com.acme.Loader.load(Loader.java:42)"), Arrays.asList(s.frames));
    }

    @Test
    void classLoaderOpeningAJarIsTheJvmsOwnEvenUnderApplicationCode() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.util.zip.ZipFile", "<init>"),
            jdk("java.util.jar.JarFile", "<init>"),
            jdk("jdk.internal.loader.URLClassPath$JarLoader", "getJarFile"),
            jdk("java.lang.ClassLoader", "loadClass"),
            app("com.acme.Main", "main", 7));
        assertEquals(Owner.JVM, s.owner);
    }

    @Test
    void noApplicationFrameMeansJvmInternal() {
        assertEquals(Owner.JVM, classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
                                         jdk("java.io.FileInputStream", "<init>"), jdk("java.lang.Thread", "run")).owner);
    }

    @Test
    void theRandomAccessFileInsideAZipFileIsSubsumed() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.io.RandomAccessFile", "<init>"),
            jdk("java.util.zip.ZipFile$Source", "<init>"),
            jdk("java.util.zip.ZipFile", "<init>"),
            app("com.acme.Main", "main", 7));
        assertTrue(s.subsumed);
        assertEquals(Owner.APPLICATION, s.owner);
    }

    @Test
    void applicationClassesInIoLeakwatchButOutsideTheAgentAreApplicationFrames() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.io.FileInputStream", "<init>"),
            app("io.leakwatch.demo.Demo", "main", 5));
        assertEquals(List.of("io.leakwatch.demo.Demo.main(Demo.java:5)"), Arrays.asList(s.frames));
        assertEquals(Owner.APPLICATION, s.owner);
    }

    @Test
    void getResourceAsStreamIsTheApplicationsStreamNotTheJvms() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.io.FileInputStream", "<init>"),
            jdk("sun.net.www.protocol.file.FileURLConnection", "connect"),
            jdk("java.net.URL", "openStream"),
            jdk("java.lang.ClassLoader", "getResourceAsStream"),
            jdk("java.lang.Class", "getResourceAsStream"),
            app("com.acme.Config", "load", 12));
        assertEquals(Owner.APPLICATION, s.owner, "a stream the application asked for and must close");
        assertEquals(List.of("com.acme.Config.load(Config.java:12)"), Arrays.asList(s.frames));
    }

    @Test
    void generatedReflectionAccessorsAreJdkFrames() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.io.FileInputStream", "<init>"),
            app("jdk.internal.reflect.GeneratedMethodAccessor1", "invoke", -1),
            app("com.acme.Main", "main", 7));
        assertEquals(List.of("com.acme.Main.main(Main.java:7)"), Arrays.asList(s.frames));
    }

    @Test
    void jdbcStackStartsAtTheCallerOfTheInstrumentedDriverMethod() {
        InternedStack s = new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS).classify(0, null, null, null,
            new StackTraceElement[] {
                app("org.h2.Driver", "connect", 59),
                jdk("java.sql.DriverManager", "getConnection"),
                app("com.acme.Dao", "open", 21)}, 1);
        assertFalse(s.subsumed);
        assertEquals(List.of("com.acme.Dao.open(Dao.java:21)"), Arrays.asList(s.frames));
    }

    @Test
    void whatAPoolAcquiresForItselfIsThePools() {
        InternedStack physical = new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS).classify(0, null, null, null,
            new StackTraceElement[] {
                app("com.zaxxer.hikari.util.DriverDataSource", "getConnection", 138),
                app("com.zaxxer.hikari.pool.PoolBase", "newConnection", 364),
                app("com.zaxxer.hikari.pool.HikariPool", "createPoolEntry", 476),
                jdk("java.lang.Thread", "run")}, 1);
        assertTrue(physical.subsumed, "a physical connection the pool made for itself");
        InternedStack borrowed = new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS).classify(0, null, null, null,
            new StackTraceElement[] {
                app("com.zaxxer.hikari.HikariDataSource", "getConnection", 100),
                app("com.acme.Dao", "find", 33)}, 1);
        assertFalse(borrowed.subsumed, "a connection the application borrowed");
        assertEquals(List.of("com.acme.Dao.find(Dao.java:33)"), Arrays.asList(borrowed.frames));
    }

    @Test
    void aTestRunnersOwnPoolIsTheRunnersAndShownAtItsLine() {
        // Surefire 3.5's forked booter makes its JVM terminator's pool itself, with no application frame on the stack
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.util.concurrent.ThreadPoolExecutor", "<init>"),
            jdk("java.util.concurrent.ScheduledThreadPoolExecutor", "<init>"),
            jdk("java.util.concurrent.Executors", "newScheduledThreadPool"),
            app("org.apache.maven.surefire.booter.ForkedBooter", "getJvmTerminator", 398),
            app("org.apache.maven.surefire.booter.ForkedBooter", "main", 500));
        assertEquals(Owner.RUNNER, s.owner);
        assertFalse(s.atApplicationLine);
        assertEquals("org.apache.maven.surefire.booter.ForkedBooter.getJvmTerminator(ForkedBooter.java:398)", s.frames[0]);
    }

    @Test
    void whatATestOpensIsTheApplicationsEvenWithTheRunnerBelowIt() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.io.RandomAccessFile", "<init>"),
            app("com.acme.ArchiveTest", "readsTheIndex", 41),
            jdk("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke"),
            app("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod", 787),
            app("org.junit.jupiter.engine.execution.MethodInvocation", "proceed", 60),
            app("org.apache.maven.surefire.junitplatform.JUnitPlatformProvider", "invoke", 150),
            app("org.apache.maven.surefire.booter.ForkedBooter", "main", 500));
        assertEquals(Owner.APPLICATION, s.owner);
        assertTrue(s.atApplicationLine);
        assertEquals("com.acme.ArchiveTest.readsTheIndex(ArchiveTest.java:41)", s.frames[0]);
    }

    @Test
    void codeFromAnotherAgentsJarIsThatAgents() throws Exception {
        // the class of the acquiring frame decides, by where it was loaded from: opentest4j's jar stands for an agent's
        Class<?> agentCode = org.opentest4j.AssertionFailedError.class;
        FrameFilter filter = new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS,
                                             new CodeOrigins(new String[] {jarOf(agentCode)}, new String[0]));
        StackTraceElement[] raw = {
            jdk("java.io.FileOutputStream", "<init>"),
            app(agentCode.getName(), "openFile", 77),
            jdk("java.lang.Thread", "run")};
        Class<?>[] classes = {null, agentCode, Thread.class};
        assertEquals(Owner.AGENT, filter.classify(0, null, null, null, raw, 0, classes).owner);
        assertEquals(Owner.APPLICATION, new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS)
                         .classify(0, null, null, null, raw, 0, classes).owner,
                     "the same code loaded from a jar no agent names");
    }

    @Test
    void anAgentStartedLaterFromTheClassPathOwnsOnlyItsClasses() throws Exception {
        // a Launcher-Agent-Class lives in the application's jar: opentest4j's jar stands for it
        Class<?> agentClass = org.opentest4j.AssertionFailedError.class;
        CodeOrigins origins = new CodeOrigins(new String[0], new String[] {jarOf(agentClass)});
        FrameFilter filter = new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS, origins);
        origins.agentStarting(agentClass);
        StackTraceElement[] agents = {jdk("java.io.FileOutputStream", "<init>"), app(agentClass.getName(), "run", 3)};
        assertEquals(Owner.AGENT, filter.classify(0, null, null, null, agents, 0,
                                                  new Class<?>[] {null, agentClass}).owner);
        Class<?> other = org.opentest4j.ValueWrapper.class;
        StackTraceElement[] apps = {jdk("java.io.FileOutputStream", "<init>"), app(other.getName(), "main", 3)};
        assertEquals(Owner.APPLICATION, filter.classify(0, null, null, null, apps, 0,
                                                        new Class<?>[] {null, other}).owner,
                     "the rest of the application's jar stays the application's");
    }

    @Test
    void anAgentStartedLaterFromItsOwnJarOwnsTheWholeJar() throws Exception {
        Class<?> agentClass = org.opentest4j.AssertionFailedError.class;
        CodeOrigins origins = new CodeOrigins(new String[0], new String[0]);
        origins.agentStarting(agentClass);
        Class<?> other = org.opentest4j.ValueWrapper.class;
        StackTraceElement[] raw = {jdk("java.io.FileOutputStream", "<init>"), app(other.getName(), "run", 3)};
        assertEquals(Owner.AGENT, new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS, origins)
                         .classify(0, null, null, null, raw, 0, new Class<?>[] {null, other}).owner);
    }

    private static String jarOf(Class<?> c) throws Exception {
        return java.nio.file.Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void whatAnotherAgentsPremainAcquiresIsThatAgents() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.util.concurrent.ThreadPoolExecutor", "<init>"),
            app("io.prometheus.jmx.shaded.io.prometheus.metrics.exporter.httpserver.HTTPServer", "<init>", 80),
            app("io.prometheus.jmx.JavaAgent", "premain", 47),
            jdk("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke"),
            jdk("sun.instrument.InstrumentationImpl", "loadClassAndStartAgent"),
            jdk("sun.instrument.InstrumentationImpl", "loadClassAndCallPremain"));
        assertEquals(Owner.AGENT, s.owner);
    }

    @Test
    void whatAnInstalledProvidersConstructorAcquiresIsTheJvms() {
        // Commons Compress's tests: memoryfilesystem's provider, made once by FileSystemProvider.installedProviders
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.util.concurrent.ThreadPoolExecutor", "<init>"),
            jdk("java.util.concurrent.Executors", "newScheduledThreadPool"),
            app("com.github.marschall.memoryfilesystem.MemoryFileSystemProvider", "<init>", 71),
            jdk("jdk.internal.reflect.NativeConstructorAccessorImpl", "newInstance0"),
            jdk("java.lang.reflect.Constructor", "newInstance"),
            jdk("java.util.ServiceLoader$ProviderImpl", "newInstance"),
            jdk("java.util.ServiceLoader$3", "next"),
            jdk("java.nio.file.spi.FileSystemProvider", "loadInstalledProviders"),
            jdk("java.nio.file.spi.FileSystemProvider", "installedProviders"),
            jdk("java.nio.file.FileSystems", "newFileSystem"),
            app("com.github.marschall.memoryfilesystem.MemoryFileSystemBuilder", "build", 507),
            app("com.acme.ArchiveTest", "setUp", 30));
        assertEquals(Owner.JVM, s.owner);
        assertEquals("com.github.marschall.memoryfilesystem.MemoryFileSystemProvider.<init>(MemoryFileSystemProvider.java:71)",
                     s.frames[0]);
    }

    @Test
    void whatAProviderOpensWhenTheApplicationUsesItIsTheApplications() {
        InternedStack s = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.io.RandomAccessFile", "<init>"),
            app("com.acme.zipfs.ZipProvider", "newFileSystem", 90),
            jdk("java.nio.file.FileSystems", "newFileSystem"),
            app("com.acme.ArchiveTest", "opens", 41));
        assertEquals(Owner.APPLICATION, s.owner);
        InternedStack constructed = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.util.concurrent.ThreadPoolExecutor", "<init>"),
            app("com.acme.Cache", "<init>", 12),
            jdk("java.util.ServiceLoader$ProviderImpl", "newInstance"),
            jdk("java.util.ServiceLoader$3", "next"),
            app("com.acme.Plugins", "load", 20));
        assertEquals(Owner.APPLICATION, constructed.owner, "the application's own ServiceLoader keeps nothing for the JVM");
    }

    @Test
    void aJarUrlTheApplicationOpensIsTheJvmsOnlyThroughTheJarHandler() {
        InternedStack byApp = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.util.zip.ZipFile", "<init>"),
            jdk("sun.net.www.protocol.jar.URLJarFile", "<init>"),
            jdk("sun.net.www.protocol.jar.JarURLConnection", "connect"),
            app("com.acme.Plugins", "read", 30));
        assertEquals(Owner.JVM, byApp.owner);
        assertTrue(byApp.jarUrlOnly, "opened by the jar: handler on the application's call");
        InternedStack byServiceLoader = classify(new FrameFilter(16, new String[0], TrackingSettings.KNOWN_POOLS),
            jdk("java.util.zip.ZipFile", "<init>"),
            jdk("sun.net.www.protocol.jar.JarURLConnection", "connect"),
            jdk("java.util.ServiceLoader$LazyClassPathLookupIterator", "parse"),
            jdk("java.util.ServiceLoader", "iterator"),
            app("com.acme.Plugins", "load", 20));
        assertFalse(byServiceLoader.jarUrlOnly, "the ServiceLoader's own read of a provider list");
    }
}
