package io.leakwatch.jmx.process;

import java.lang.reflect.Field;

/**
 * Keeps the agent's own copy of SLF4J (OSHI logs through it) from ever writing to the application's stderr.
 *
 * <p>The bundled no-op provider ({@code slf4j-nop}, found through {@code ServiceLoader}) silences it in the usual
 * case. But SLF4J first honours the system property {@code slf4j.provider}, which an application sets for its own
 * SLF4J: the agent's copy, in its private class loader, cannot load that class and prints the failure with a stack
 * trace. So before OSHI's first logger is made, this puts the agent's copy straight into SLF4J's no-operation
 * fallback state ({@code LoggerFactory.INITIALIZATION_STATE = NOP_FALLBACK_INITIALIZATION}, what SLF4J itself settles
 * on when it finds no provider), and SLF4J never looks for a provider at all. The fields are package-private in
 * SLF4J 2.0; with another version where they differ, nothing is changed and the no-op provider still applies.
 *
 * <p>Thread-safe (idempotent; SLF4J's fields are volatile).
 */
final class QuietSlf4j {
    private static volatile boolean done;

    private QuietSlf4j() {
    }

    static void install() {
        if (done) {
            return;
        }
        try {
            Class<?> factory = Class.forName("org.slf4j.LoggerFactory", true, QuietSlf4j.class.getClassLoader());
            Field state = factory.getDeclaredField("INITIALIZATION_STATE");
            Field uninitialized = factory.getDeclaredField("UNINITIALIZED");
            Field nop = factory.getDeclaredField("NOP_FALLBACK_INITIALIZATION");
            state.setAccessible(true);
            uninitialized.setAccessible(true);
            nop.setAccessible(true);
            synchronized (factory) {
                // the lock SLF4J initializes under; once initialized (by a provider), it is left as it is
                if (state.getInt(null) == uninitialized.getInt(null)) {
                    state.setInt(null, nop.getInt(null));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another SLF4J: the bundled no-op provider keeps it quiet unless slf4j.provider is set
        }
        done = true;
    }
}
