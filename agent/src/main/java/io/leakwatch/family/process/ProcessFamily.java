package io.leakwatch.family.process;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.process.boot.ProcessHooks;
import net.bytebuddy.asm.Advice;

import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Kind {@code process}: the child processes the application starts, from {@code ProcessBuilder.start},
 * {@code ProcessBuilder.startPipeline} and {@code Runtime.exec}, until it has seen each one end and closed its
 * streams (see {@link ProcessHooks} for the rules). The family's whole code is this folder: this class (what is
 * instrumented, with its advice) and {@code boot/} (what the advice calls, defined in the boot loader).
 *
 * <ul>
 *   <li>{@code ProcessBuilder.start(Redirect[])}, the private method every start goes through (JDK 17 to 25):
 *       {@code limit.process} on entry, the acquisition on exit with the started {@code Process} and the builder's
 *       command.</li>
 *   <li>{@code ProcessImpl} (the JDK's only {@code Process} on Linux and macOS): the calls through which the
 *       application sees the end ({@code waitFor}, {@code exitValue}, {@code isAlive}, {@code onExit}), and
 *       {@code destroy}/{@code destroyForcibly}.</li>
 * </ul>
 *
 * <p>Thread-safe: stateless.
 */
public final class ProcessFamily implements Family, AdvicePlan.Advisor {
    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        return AdvicePlan.on(this, "java.lang.ProcessBuilder", "java.lang.ProcessImpl");
    }

    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case "java.lang.ProcessBuilder":
                b.advise(Start.class, named("start").and(takesArguments(1)));
                break;
            case "java.lang.ProcessImpl":
                b.advise(WaitFor.class, named("waitFor").and(takesArguments(0)))
                 .advise(WaitForTimeout.class, named("waitFor").and(takesArguments(2)))
                 .advise(ExitValue.class, named("exitValue").and(takesArguments(0)))
                 .advise(IsAlive.class, named("isAlive").and(takesArguments(0)))
                 .advise(OnExit.class, named("onExit").and(takesArguments(0)))
                 .advise(Destroy.class, named("destroy").and(takesArguments(0))
                                                       .or(named("destroyForcibly").and(takesArguments(0))));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    /**
     * {@code limit.process} before the start (not suppressed: the refusal is the one exception this advice throws on
     * purpose, and the hook lets nothing else out), then the acquisition of the started process.
     */
    static final class Start {
        private Start() {
        }

        @Advice.OnMethodEnter
        static void enter() throws java.io.IOException {
            ProcessHooks.checkLimit();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object builder, @Advice.Return Object process, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                ProcessHooks.started(process, builder);
            }
        }
    }

    static final class WaitFor {
        private WaitFor() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object process, @Advice.Return int code, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                ProcessHooks.exitSeen(process, code);
            }
        }
    }

    static final class WaitForTimeout {
        private WaitForTimeout() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object process, @Advice.Return boolean ended, @Advice.Thrown Throwable failed) {
            if (failed == null && ended) {
                ProcessHooks.exitSeen(process);
            }
        }
    }

    static final class ExitValue {
        private ExitValue() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object process, @Advice.Return int code, @Advice.Thrown Throwable failed) {
            // IllegalThreadStateException while it runs: nothing seen
            if (failed == null) {
                ProcessHooks.exitSeen(process, code);
            }
        }
    }

    static final class IsAlive {
        private IsAlive() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object process, @Advice.Return boolean alive, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                ProcessHooks.aliveAsked(process, alive);
            }
        }
    }

    static final class OnExit {
        private OnExit() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object process, @Advice.Return Object future, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                ProcessHooks.exitFuture(process, future);
            }
        }
    }

    static final class Destroy {
        private Destroy() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object process, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                ProcessHooks.destroyed(process);
            }
        }
    }
}
