package io.leakwatch.bootstrap;

/**
 * Recognizes the JDK threads that release what the application dropped: the finalizer thread, and the cleaner threads
 * ({@code Common-Cleaner}, {@code Cleaner-N}). A resource released there was not released by the application: the
 * executor wrappers of {@code Executors.newSingleThreadExecutor} shut their pool down from a finalizer (JDK 17) or a
 * cleaner (JDK 21+) once they are unreachable, which is the same leak as a stream closed by its cleaner.
 *
 * <p>Thread-safe (stateless).
 */
final class GcThreads {
    private GcThreads() {
    }

    static boolean isCurrent() {
        Thread t = Thread.currentThread();
        String type = t.getClass().getName();
        if (type.equals("java.lang.ref.Finalizer$FinalizerThread")) {
            return true;
        }
        if (type.equals("jdk.internal.misc.InnocuousThread")) {
            String name = t.getName();
            return name.startsWith("Common-Cleaner") || name.startsWith("Cleaner-");
        }
        return false;
    }
}
