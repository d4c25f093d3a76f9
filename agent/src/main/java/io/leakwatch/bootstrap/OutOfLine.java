package io.leakwatch.bootstrap;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a hook that the JIT should call rather than inline into the instrumented method. Inlined, a hook makes a hot
 * application method (a pool's {@code getConnection}, a proxy's {@code close}) too big to be inlined into its own
 * callers any more, which costs the application far more than one call. The agent's injector turns this mark into
 * HotSpot's {@code jdk.internal.vm.annotation.DontInline} when it defines the bootstrap classes in the boot loader
 * (the only loader for which HotSpot honours it); elsewhere it has no effect.
 *
 * <p>Retained in the class file only; read by the injector, never at run time.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OutOfLine {
}
