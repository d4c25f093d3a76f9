package io.leakwatch.agent.instrument;

import io.leakwatch.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice for every method that releases a resource ({@code close()}, {@code implClose()}, ...): the resource leaves
 * the registry, whether the close succeeded or threw (a stream whose close failed is closed all the same). Shared by
 * the families.
 */
public final class Released {
    private Released() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.This Object self) {
        Hooks.released(self);
    }
}
