package io.leakwatch.family.thread;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.thread.boot.ThreadHooks;
import net.bytebuddy.asm.Advice;

import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Kind {@code thread}: platform threads the application starts, and {@code java.util.Timer}s. The whole family is this
 * folder: this class (what is instrumented, with its advice) and {@code boot/} (what the advice calls, defined in the
 * boot loader).
 *
 * <ul>
 *   <li>{@code Thread.start()}: acquired when the start returns, after {@code limit.thread} was checked on entry.
 *       Virtual threads override it and are not tracked; the threads an executor starts into its own thread
 *       container (JDK 21+: {@code Thread.start(ThreadContainer)}, the thread-per-task executors and structured
 *       scopes) are the executor's.</li>
 *   <li>{@code Thread.exit()}, which the JVM calls on every platform thread as it ends (JDK 17 to 25): released.</li>
 *   <li>{@code Timer(String, boolean)}, to which every constructor delegates: the timer is acquired (its thread is
 *       part of it, not listed again); {@code Timer.cancel()} releases it, and so does its thread's end.</li>
 * </ul>
 * The threads of thread pools ({@code ThreadPoolExecutor} workers, {@code ForkJoinPool} workers, threads started in
 * an executor's thread container) are their pool's and not listed (see {@code ThreadHooks}).
 *
 * <p>Thread-safe: stateless.
 */
public final class ThreadFamily implements Family, AdvicePlan.Advisor {
    static {
        Family.register(new ThreadFamily());
    }

    private static final String THREAD = "java.lang.Thread";
    private static final String TIMER = "java.util.Timer";

    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        return AdvicePlan.on(this, THREAD, TIMER);
    }

    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        if (typeName.equals(THREAD)) {
            b.advise(Start.class, named("start").and(takesArguments(0)))
             .advise(Exit.class, named("exit").and(takesArguments(0)).and(isPrivate()));
        } else if (typeName.equals(TIMER)) {
            b.advise(TimerMade.class, isConstructor().and(takesArguments(String.class, boolean.class)))
             .advise(TimerCancelled.class, named("cancel").and(takesArguments(0)));
        } else {
            throw new IllegalArgumentException(typeName);
        }
    }

    /**
     * {@code Thread.start()}: {@code limit.thread} on entry (not suppressed: the refusal is the one exception
     * this advice throws on purpose, and the hook lets nothing else out), the thread acquired when it started.
     */
    static final class Start {
        private Start() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Thread self) {
            ThreadHooks.checkLimit(self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Thread self, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                ThreadHooks.started(self);
            }
        }
    }

    /** {@code Thread.exit()}: the thread is ending. */
    static final class Exit {
        private Exit() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Thread self) {
            ThreadHooks.ended(self);
        }
    }

    /** The constructor every {@code Timer} constructor delegates to, once it returned (its thread started). */
    static final class TimerMade {
        private TimerMade() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object timer) {
            ThreadHooks.timerMade(timer);
        }
    }

    /** {@code Timer.cancel()}: its thread ends once the running task, if any, returns. */
    static final class TimerCancelled {
        private TimerCancelled() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object timer) {
            ThreadHooks.timerCancelled(timer);
        }
    }
}
