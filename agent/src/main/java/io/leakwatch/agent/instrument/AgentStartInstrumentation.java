package io.leakwatch.agent.instrument;

import io.leakwatch.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Other Java agents as they start: every {@code premain} and {@code agentmain} is called by
 * {@code sun.instrument.InstrumentationImpl.loadClassAndStartAgent} (JDK 17 to 25), for a {@code -javaagent:} named
 * after leakwatch's, a {@code Launcher-Agent-Class} and an agent attached to the running JVM alike. The agent's class
 * is told to the bootstrap package before its code runs, so that what that code acquires is counted as the agent's,
 * not the application's. (Agents started before leakwatch are read from the JVM's command line.)
 *
 * <p>Thread-safe: stateless.
 */
public final class AgentStartInstrumentation implements AdvicePlan.Advisor {
    private static final AgentStartInstrumentation ADVICE = new AgentStartInstrumentation();

    private AgentStartInstrumentation() {
    }

    /** The plans for every kind: ownership, not a resource. */
    public static List<AdvicePlan> plans() {
        return AdvicePlan.on(ADVICE, "sun.instrument.InstrumentationImpl");
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case "sun.instrument.InstrumentationImpl":
                b.advise(AgentStarting.class, named("loadClassAndStartAgent")
                     .and(takesArguments(String.class, String.class, String.class)));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    static final class AgentStarting {
        private AgentStarting() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) String className) {
            Hooks.agentStarting(className);
        }
    }
}
