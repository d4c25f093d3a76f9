package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides, once per acquisition site, which frames a report shows and whether the site is the application's at all.
 *
 * <ul>
 *   <li>Frames of the JDK, of the agent, and of the configured {@code trim} prefixes (the acquiring API and wrappers
 *       around it) are removed from the top, so the first frame shown is the application's line that acquired.</li>
 *   <li>A site is <em>JVM-internal</em> when no application frame is on the stack at all, or when, above the first
 *       application frame, the JDK acquired on its own account (a class loader opening a class path jar, the
 *       secure-random provider opening {@code /dev/random}, ...). Those resources are never reported as leaks.</li>
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
        // thread pools the JDK keeps for itself: virtual-thread schedulers, the process reaper, asynchronous channel
        // groups' pools, the CompletableFuture delayer, the HTTP client's, RMI's and JMX's
        "java.lang.VirtualThread", "java.lang.ProcessHandleImpl", "sun.nio.ch.ThreadPool",
        "sun.nio.ch.AsynchronousChannelGroupImpl", "java.util.concurrent.CompletableFuture$Delayer",
        "jdk.internal.net.http.", "sun.rmi.", "com.sun.jmx.", "javax.management.",
    };
    /** JDK code whose own descriptor is tracked at a higher level, so what it opens inside is not counted twice. */
    private static final String[] SUBSUMING = {"java.util.zip.ZipFile$Source"};
    /** Libraries that are the acquiring API itself, trimmed like the JDK: JCuda's wrappers around the CUDA calls. */
    private static final String[] API_PREFIXES = {"jcuda."};
    /** The agent's own packages (not io.leakwatch.* as a whole: the demos and tests there are applications). */
    private static final String[] AGENT_PREFIXES = {"io.leakwatch.bootstrap.", "io.leakwatch.agent."};

    private final int depth;
    private final String[] trimPrefixes;
    private final String[] poolPrefixes;

    FrameFilter(int depth, String[] trimPrefixes, String[] poolPrefixes) {
        this.depth = depth;
        this.trimPrefixes = trimPrefixes.clone();
        this.poolPrefixes = poolPrefixes.clone();
    }

    int depth() {
        return depth;
    }

    /**
     * Builds the interned form of one symbolized stack, as captured at an acquisition. {@code skipTop} frames below
     * the agent's are dropped first: the instrumented method itself, where it is the application's class (a JDBC
     * driver's {@code connect}), so that the first frame shown is its caller.
     */
    InternedStack classify(int hash, String[] classNames, short[] methodIds, int[] bcis, StackTraceElement[] raw,
                           int skipTop) {
        int start = 0;
        while (start < raw.length && startsWithAny(raw[start].getClassName(), AGENT_PREFIXES)) {
            start++;
        }
        start = Math.min(raw.length, start + skipTop);
        int firstApp = -1;
        boolean ownedByJvm = false;
        boolean subsumed = false;
        for (int i = start; i < raw.length; i++) {
            StackTraceElement f = raw[i];
            if (!isTrimmed(f)) {
                firstApp = i;
                break;
            }
            String cls = f.getClassName();
            ownedByJvm |= startsWithAny(cls, JVM_OWNERS);
            subsumed |= startsWithAny(cls, SUBSUMING);
        }
        boolean jvmInternal = firstApp < 0 || ownedByJvm;
        // a pool's own code acquired it (a physical connection, the pool's threads): the pool's, not the application's
        subsumed |= firstApp >= 0 && startsWithAny(raw[firstApp].getClassName(), poolPrefixes);
        int from = firstApp < 0 ? start : firstApp;
        int to = Math.min(raw.length, from + depth);
        List<String> frames = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            frames.add(raw[i].toString());
        }
        return new InternedStack(hash, classNames, methodIds, bcis, frames.toArray(new String[0]), jvmInternal,
                                 subsumed);
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

    static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
