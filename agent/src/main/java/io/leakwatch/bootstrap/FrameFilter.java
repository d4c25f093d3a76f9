package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides, once per acquisition site, which frames a report shows and whether the site is the application's at all.
 *
 * <ul>
 *   <li>Frames of the JDK, of the agent, and of the configured {@code trim} prefixes (the acquiring API and wrappers
 *       around it) are removed from the top, so the first frame shown is the application's line that acquired.</li>
 *   <li>A site has an {@link Owner}. It is the JVM's when no application frame is on the stack at all, or when, above
 *       the first application frame, the JDK acquired on its own account (a class loader opening a class path jar, the
 *       secure-random provider opening {@code /dev/random}, ...). It is a test runner's or another agent's when their
 *       code, not the application's, is the first below the JDK's (see {@link CodeOrigins}), or when the stack runs
 *       in another agent's {@code premain} or {@code agentmain}. Only the application's are reported as leaks.</li>
 *   <li>A site is <em>subsumed</em> when the resource is part of another tracked resource: the random-access file that
 *       {@code java.util.zip.ZipFile} reads is the zip file's, whose own open and close are tracked; and whatever a
 *       connection pool acquires for itself (its physical connections, its threads) is the pool's, which is tracked
 *       as kind {@code jdbcpool}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class FrameFilter {
    /** JDK code that opens resources for the JVM itself; kept in one place, valid for JDK 17 to 25. */
    private static final String[] JVM_OWNERS = {
        // class loading itself (URLClassPath and the built-in loaders), not ClassLoader.getResourceAsStream, whose
        // stream is the application's to close
        "jdk.internal.loader.", "jdk.internal.module.", "java.lang.Module", "sun.launcher.", "sun.instrument.",
        "sun.security.provider.", "sun.security.jca.", "sun.security.util.", "java.security.Security",
        "javax.crypto.JceSecurity", "sun.security.ssl.TrustStoreManager",
        "java.util.ServiceLoader", "java.util.ResourceBundle", "sun.util.", "java.util.logging.LogManager",
        "jdk.internal.jimage.", "sun.net.www.protocol.jar.", "java.time.zone.", "java.util.TimeZone",
        "jdk.internal.agent.", "sun.management.", "jdk.internal.misc.CDS", "jdk.jfr.", "jdk.internal.vm.",
        "sun.net.NetProperties", "sun.net.www.MimeTable", "sun.net.sdp.",
        // the container support's cgroup and /proc reads, which making the platform MBeanServer (the OperatingSystem
        // MXBean) triggers on the application's call
        "jdk.internal.platform.",
        // threads the JDK starts for itself: cleaners, the secondary finalizer (its other system threads, such as the
        // HTTP keep-alive cache's, are told by their class: see the thread family)
        "jdk.internal.ref.", "java.lang.ref.",
        // the shutdown hooks' threads, which the JVM starts as it exits
        "java.lang.ApplicationShutdownHooks",
        // thread pools the JDK keeps for itself: virtual-thread schedulers, the process reaper, asynchronous channel
        // groups' pools, the CompletableFuture delayer, the HTTP client's, RMI's and JMX's
        "java.lang.VirtualThread", "java.lang.ProcessHandleImpl", "sun.nio.ch.ThreadPool",
        "sun.nio.ch.AsynchronousChannelGroupImpl", "java.util.concurrent.CompletableFuture$Delayer",
        "jdk.internal.net.http.", "sun.rmi.", "com.sun.jmx.", "javax.management.",
    };
    /**
     * The JDK's registries of installed providers, which make each provider once, through {@code ServiceLoader}, and
     * keep it for the life of the JVM (JDK 17 to 25): file system providers
     * ({@code FileSystemProvider.installedProviders}), charset providers, the selector and asynchronous channel
     * providers, URL stream handler providers, JDBC drivers ({@code DriverManager}). What a provider's constructor or
     * static initializer acquires (the pools of an in-memory file system's provider, a driver's cleanup pool) lives
     * as long as the JVM holds the provider, and the application cannot release it: the JVM holds it on the
     * application's behalf.
     */
    private static final String[] PROVIDER_REGISTRIES = {
        "java.nio.file.spi.FileSystemProvider", "java.nio.charset.Charset", "java.nio.channels.spi.SelectorProvider",
        "java.nio.channels.spi.AsynchronousChannelProvider", "java.net.URL", "java.sql.DriverManager",
    };
    /** The {@code jar:} URL handler, one of {@link #JVM_OWNERS}: see {@link InternedStack#jarUrlOnly}. */
    private static final String JAR_URL_HANDLER = "sun.net.www.protocol.jar.";
    /** JDK code whose own descriptor is tracked at a higher level, so what it opens inside is not counted twice. */
    private static final String[] SUBSUMING = {"java.util.zip.ZipFile$Source"};
    /** Libraries that are the acquiring API itself, trimmed like the JDK: JCuda's wrappers around the CUDA calls. */
    private static final String[] API_PREFIXES = {"jcuda."};
    /**
     * The agent's own packages, the families' among them (not io.leakwatch.* as a whole: the demos and tests there
     * are applications).
     */
    private static final String[] AGENT_PREFIXES = {"io.leakwatch.bootstrap.", "io.leakwatch.agent.",
                                                    "io.leakwatch.family."};

    /** The JDK class that calls every agent's {@code premain} and {@code agentmain} (JDK 17 to 25). */
    private static final String AGENT_STARTER = "sun.instrument.InstrumentationImpl";

    private final int depth;
    private final String[] trimPrefixes;
    private final String[] poolPrefixes;
    private final CodeOrigins origins;

    FrameFilter(int depth, String[] trimPrefixes, String[] poolPrefixes) {
        this(depth, trimPrefixes, poolPrefixes, CodeOrigins.none());
    }

    FrameFilter(int depth, String[] trimPrefixes, String[] poolPrefixes, CodeOrigins origins) {
        this.depth = depth;
        this.trimPrefixes = trimPrefixes.clone();
        this.poolPrefixes = poolPrefixes.clone();
        this.origins = origins;
    }

    CodeOrigins origins() {
        return origins;
    }

    int depth() {
        return depth;
    }

    /**
     * Builds the interned form of one symbolized stack, as captured at an acquisition. {@code skipTop} frames below
     * the agent's are dropped first: the instrumented method itself, where it is the application's class (a JDBC
     * driver's {@code connect}), so that the first frame shown is its caller. {@code classes}, where the stack was
     * read raw, holds the class of each frame from the top (possibly fewer than {@code raw}): it decides whose code a
     * frame is by where it was loaded from, and is not kept.
     */
    InternedStack classify(int hash, String[] classNames, short[] methodIds, int[] bcis, StackTraceElement[] raw,
                           int skipTop, Class<?>[] classes) {
        int start = 0;
        while (start < raw.length && startsWithAny(raw[start].getClassName(), AGENT_PREFIXES)) {
            start++;
        }
        start = Math.min(raw.length, start + skipTop);
        int firstApp = -1;
        int firstForeign = -1;
        Owner foreign = null;
        boolean ownedByJvm = false;
        boolean ownedByJvmBesidesJarUrls = false;
        boolean subsumed = false;
        for (int i = start; i < raw.length; i++) {
            StackTraceElement f = raw[i];
            if (!isTrimmed(f)) {
                Owner o = origins.of(f, classes != null && i < classes.length ? classes[i] : null);
                if (o == Owner.APPLICATION) {
                    firstApp = i;
                } else {
                    // a runner's or another agent's own code acquired it, above any application frame
                    foreign = o;
                    firstForeign = i;
                }
                break;
            }
            String cls = f.getClassName();
            if (startsWithAny(cls, JVM_OWNERS)) {
                ownedByJvm = true;
                ownedByJvmBesidesJarUrls |= !cls.startsWith(JAR_URL_HANDLER);
            }
            subsumed |= startsWithAny(cls, SUBSUMING);
        }
        Owner owner;
        if (ownedByJvm) {
            owner = Owner.JVM;
        } else if (foreign != null) {
            owner = foreign;
        } else if (firstApp >= 0 && madeForProviderRegistry(raw, firstApp)) {
            owner = Owner.JVM;
        } else if (inAgentStart(raw, start)) {
            // another agent's premain or agentmain is running (leakwatch's own acquires nothing: its guard is up)
            owner = Owner.AGENT;
        } else {
            owner = firstApp < 0 ? Owner.JVM : Owner.APPLICATION;
        }
        // a pool's own code acquired it (a physical connection, the pool's threads): the pool's, not the application's
        subsumed |= firstApp >= 0 && startsWithAny(raw[firstApp].getClassName(), poolPrefixes);
        int from = firstApp >= 0 ? firstApp : firstForeign >= 0 ? firstForeign : start;
        int to = Math.min(raw.length, from + depth);
        List<String> frames = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            frames.add(raw[i].toString());
        }
        return new InternedStack(hash, classNames, methodIds, bcis, frames.toArray(new String[0]), owner, subsumed,
                                 firstApp >= 0, ownedByJvm && !ownedByJvmBesidesJarUrls && foreign == null);
    }

    /** As above, for a stack whose frames' classes are not known (decided by class names only). */
    InternedStack classify(int hash, String[] classNames, short[] methodIds, int[] bcis, StackTraceElement[] raw,
                           int skipTop) {
        return classify(hash, classNames, methodIds, bcis, raw, skipTop, null);
    }

    /**
     * Whether the application code from {@code firstApp} down is a provider being made (a constructor or static
     * initializer) by one of the JDK's {@link #PROVIDER_REGISTRIES}: the first JDK frames below it include one.
     */
    private boolean madeForProviderRegistry(StackTraceElement[] raw, int firstApp) {
        int i = firstApp;
        while (i < raw.length && !isTrimmed(raw[i])) {
            i++;
        }
        String made = raw[i - 1].getMethodName();
        if (!made.equals("<init>") && !made.equals("<clinit>")) {
            return false;
        }
        for (; i < raw.length && isTrimmed(raw[i]); i++) {
            String cls = raw[i].getClassName();
            for (String registry : PROVIDER_REGISTRIES) {
                if (cls.equals(registry) || cls.startsWith(registry) && cls.charAt(registry.length()) == '$') {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean inAgentStart(StackTraceElement[] raw, int start) {
        for (int i = raw.length - 1; i >= start; i--) {
            if (AGENT_STARTER.equals(raw[i].getClassName())) {
                return true;
            }
        }
        return false;
    }

    private boolean isTrimmed(StackTraceElement f) {
        String cls = f.getClassName();
        return isJdk(f) || startsWithAny(cls, AGENT_PREFIXES) || startsWithAny(cls, API_PREFIXES)
            || startsWithAny(cls, trimPrefixes);
    }

    private static boolean isJdk(StackTraceElement f) {
        // every JDK 17+ class is in a named java.* or jdk.* module; application classes on the class path have none
        String module = f.getModuleName();
        // JDK 17's generated reflection accessors live in no named module; so does sun.reflect.misc.Trampoline, which
        // MBeanServers call every MBean getter through (JDK 17 to 25): without it, the files the OperatingSystem
        // MXBean reads for a JMX console (cgroup files) would be counted as the application's
        return module != null && (module.startsWith("java.") || module.startsWith("jdk."))
            || f.getClassName().startsWith("jdk.internal.reflect.")
            || f.getClassName().startsWith("sun.reflect.misc.");
    }

    /** Whether {@code className} is the agent's own code (its bootstrap package, its loader's, its families'). */
    static boolean isAgentClass(String className) {
        return startsWithAny(className, AGENT_PREFIXES);
    }

    static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
