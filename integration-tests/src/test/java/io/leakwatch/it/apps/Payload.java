package io.leakwatch.it.apps;

/**
 * Loaded from a jar that the test builds (see JdkInternalTest): class path jars belong to the JVM, not the app.
 */
public final class Payload {
    private Payload() {
    }

    public static String where() {
        return String.valueOf(Payload.class.getProtectionDomain().getCodeSource().getLocation());
    }
}
