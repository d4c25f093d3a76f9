package io.leakwatch.family.process;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.process.boot.ProcessHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
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
    static {
        Family.register(new ProcessFamily());
    }

    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        return AdvicePlan.on(this, "java.lang.ProcessBuilder", "java.lang.ProcessImpl");
    }

    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        if (typeName.equals("java.lang.ProcessBuilder")) {
            b.advise(Start.class, named("start").and(takesArguments(1)));
        } else if (typeName.equals("java.lang.ProcessImpl")) {
            b.advise(Returned.class, namedOneOf("waitFor", "exitValue", "isAlive", "onExit", "destroy",
                                                "destroyForcibly").and(isPublic()));
        } else {
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

    /**
     * A call through which the application may see the end of the process, or ends it: {@code waitFor()} and
     * {@code exitValue()} (the exit code), {@code waitFor(timeout)} (whether it ended), {@code isAlive()},
     * {@code onExit()} (the future), {@code destroy()}, {@code destroyForcibly()}. One advice for all, told the
     * method's name: a throw (a running process's {@code exitValue()}) is not an answer.
     */
    static final class Returned {
        private Returned() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object process, @Advice.Origin("#m") String method,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown Throwable failed) {
            if (failed == null) {
                ProcessHooks.returned(process, method, returned);
            }
        }
    }
}
