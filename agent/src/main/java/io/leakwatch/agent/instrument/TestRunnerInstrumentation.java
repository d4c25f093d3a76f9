package io.leakwatch.agent.instrument;

import io.leakwatch.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

/**
 * Which test is running: every JUnit Platform launcher (the console launcher's, Surefire's and Failsafe's, Gradle's,
 * the IDEs') is a {@code DefaultLauncher}, however it was made ({@code LauncherFactory.create}, a launcher session),
 * so when one is made the agent registers its test listener on it (see {@code TestListener}), through the launcher's
 * public {@code registerTestExecutionListeners}. Nothing is added to the test class path and the JUnit extension is
 * not needed. Its output is cached like a JDBC driver's: only a JVM meeting a JUnit Platform version for the first
 * time builds Byte Buddy for it.
 *
 * <p>Thread-safe: stateless.
 */
public final class TestRunnerInstrumentation implements AdvicePlan.Advisor {
    /** The JUnit Platform's one launcher implementation. */
    static final String LAUNCHER = "org.junit.platform.launcher.core.DefaultLauncher";
    private static final TestRunnerInstrumentation ADVICE = new TestRunnerInstrumentation();

    private TestRunnerInstrumentation() {
    }

    /** The plans that tell the agent which test runs. */
    public static List<AdvicePlan> plans() {
        return AdvicePlan.on(ADVICE, LAUNCHER);
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case LAUNCHER:
                b.advise(LauncherMade.class, isConstructor());
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    static final class LauncherMade {
        private LauncherMade() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object launcher) {
            Hooks.testLauncherMade(launcher);
        }
    }
}
