package io.leakwatch.bootstrap;

/**
 * Registries for the agent's unit tests. These tests acquire from code in the agent's own package, which stacks trim
 * like the agent's, so the first frame left is JUnit's: here it stands for the application, where in a real JVM the
 * test runner's code is held apart.
 */
final class TestRegistries {
    static {
        // the families' rules, as their hooks register them when they load in the agent: files are described by
        // their mode, thread pools by what they hold now
        try {
            Class.forName("io.leakwatch.family.file.boot.FileHooks");
            Class.forName("io.leakwatch.family.threadpool.boot.ThreadPoolHooks");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestRegistries() {
    }

    static ResourceRegistry of(TrackingSettings settings) {
        return new ResourceRegistry(settings, new CodeOrigins(new String[0], new String[0], new String[0]));
    }
}
