package io.leakwatch.it;

import io.leakwatch.it.apps.IsolationApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent jar shows the JVM only its launcher and bootstrap package; the rest stays private to the agent. */
class AgentJarTest {
    /**
     * The only files besides classes: under {@code inst/}, read through the agent's class loader, SLF4J's service
     * file naming its no-op provider, OSHI's defaults (both at paths no application asks its own loader for) and the
     * jar's fingerprint (the cache key), and the bootstrap package packed in one entry for the launcher.
     */
    static final java.util.Set<String> PRIVATE_RESOURCES =
        java.util.Set.of("inst/META-INF/services/org.slf4j.spi.SLF4JServiceProvider", "inst/oshi.properties",
                         "inst/leakwatch.fingerprint", "inst/bootstrap.pack");

    @Test
    void jarContents() throws IOException {
        try (JarFile jar = new JarFile(AgentRun.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            List<String> badClasses = new ArrayList<>();
            List<String> badOthers = new ArrayList<>();
            int classData = 0;
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith("/") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                if (name.endsWith(".class")) {
                    if (!name.startsWith("io/leakwatch/agent/premain/") && !name.startsWith("io/leakwatch/bootstrap/")) {
                        badClasses.add(name);
                    }
                } else if (name.startsWith("inst/") && name.endsWith(".classdata")) {
                    classData++;
                } else if (!PRIVATE_RESOURCES.contains(name)) {
                    badOthers.add(name);
                }
            }
            int privateClasses = classData;
            assertAll(
                () -> assertEquals("io.leakwatch.agent.premain.LeakWatchAgent", main.getValue("Premain-Class"),
                                   "Premain-Class"),
                () -> assertEquals("true", main.getValue("Can-Retransform-Classes"), "Can-Retransform-Classes"),
                () -> assertEquals(List.of(), badClasses, ".class entries outside io/leakwatch/{agent/premain,bootstrap}"),
                () -> assertEquals(List.of(), badOthers,
                                   "entries that are neither visible classes, inst/*.classdata nor " + PRIVATE_RESOURCES),
                () -> assertTrue(jar.getEntry("inst/oshi/util/FileUtil.classdata") != null, "OSHI is inside"),
                () -> assertTrue(jar.getEntry("inst/com/sun/jna/Native.classdata") == null, "no JNA"),
                () -> assertTrue(jar.getEntry("inst/net/bytebuddy/ByteBuddy.classdata") != null,
                                 "Byte Buddy is inside, as inst/net/bytebuddy/ByteBuddy.classdata"),
                () -> assertTrue(jar.getEntry("net/bytebuddy/ByteBuddy.class") == null, "no visible Byte Buddy"),
                () -> assertTrue(privateClasses > 100, "inst/*.classdata entries: " + privateClasses),
                () -> {
                    // the build adds the JIT's DontInline where the bootstrap code says @OutOfLine (no ASM at start)
                    String hooks = new String(jar.getInputStream(jar.getEntry("io/leakwatch/bootstrap/Hooks.class"))
                                                  .readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertTrue(hooks.contains("Lio/leakwatch/bootstrap/OutOfLine;"), "Hooks has @OutOfLine methods");
                    assertTrue(hooks.contains("Ljdk/internal/vm/annotation/DontInline;"),
                               "Hooks in the jar carries DontInline");
                });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void agentInternalsAreInvisibleToTheApp(Jdk jdk) {
        Result r = AgentRun.of(jdk, "isolation", IsolationApp.class,
                               "net.bytebuddy.ByteBuddy", "com.fasterxml.jackson.core.JsonFactory",
                               "io.leakwatch.report.LeakReport", "io.leakwatch.agent.install.AgentInstaller",
                               "io.leakwatch.bootstrap.Hooks", "oshi.util.FileUtil", "org.slf4j.LoggerFactory",
                               "io.leakwatch.jmx.process.ProcessMonitor").run().expectSuccess();
        r.check(
            () -> assertTrue(r.stdoutLines().contains("net.bytebuddy.ByteBuddy -> missing"), "Byte Buddy"),
            () -> assertTrue(r.stdoutLines().contains("com.fasterxml.jackson.core.JsonFactory -> missing"), "Jackson"),
            () -> assertTrue(r.stdoutLines().contains("io.leakwatch.report.LeakReport -> missing"), "leak-report"),
            () -> assertTrue(r.stdoutLines().contains("io.leakwatch.agent.install.AgentInstaller -> missing"),
                             "the agent's internals"),
            () -> assertTrue(r.stdoutLines().contains("oshi.util.FileUtil -> missing"), "OSHI"),
            () -> assertTrue(r.stdoutLines().contains("org.slf4j.LoggerFactory -> missing"), "SLF4J"),
            () -> assertTrue(r.stdoutLines().contains("io.leakwatch.jmx.process.ProcessMonitor -> missing"),
                             "the MBeans"),
            () -> assertTrue(r.stdoutLines().contains("io.leakwatch.bootstrap.Hooks -> loader null"),
                             "Hooks is found, from the bootstrap class loader"),
            () -> assertTrue(r.stdoutLines().contains("jdk.internal.misc -> closed"),
                             "the agent must not open JDK internals to the application"),
            () -> assertEquals(List.of(), r.resources(), "resources"));
    }

    /** An application's own (older) Byte Buddy works beside the agent's, and is the one the application sees. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theApplicationsOwnByteBuddyIsUntouched(Jdk jdk) {
        Result r = AgentRun.of(jdk, "own-byte-buddy", io.leakwatch.it.apps.OwnByteBuddyApp.class).withOwnByteBuddy()
            .run().expectSuccess();
        r.check(
            () -> assertTrue(r.stdoutLines().contains("generated by the application"), r.stdout()),
            () -> assertTrue(r.stdoutLines().stream().anyMatch(l -> l.startsWith("byte-buddy from ")
                                                                     && l.contains("byte-buddy-1.14.18.jar")),
                             "the application's Byte Buddy, not the agent's: " + r.stdout()),
            () -> assertEquals(List.of(), r.resources(), "resources"));
    }
}
