package io.leakwatch.agent.instrument;

import io.leakwatch.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * When the platform MBeanServer first exists: every way to it ends in
 * {@code java.lang.management.ManagementFactory.getPlatformMBeanServer()} (an application's own call, the JMX
 * connector the JDK starts for {@code jmxremote}, for JConsole or VisualVM attaching, or for {@code jcmd
 * ManagementAgent.start}, and the Prometheus JMX exporter), so the live view registers its MBeans there, on demand,
 * instead of creating the server itself in every JVM (see {@code LiveViewStarter}). Applied only with {@code jmx=true}.
 *
 * <p>Thread-safe: stateless.
 */
public final class PlatformMBeanServerInstrumentation implements AdvicePlan.Advisor {
    private static final PlatformMBeanServerInstrumentation ADVICE = new PlatformMBeanServerInstrumentation();

    private PlatformMBeanServerInstrumentation() {
    }

    /** The plans for the live view. */
    public static List<AdvicePlan> plans() {
        return AdvicePlan.on(ADVICE, "java.lang.management.ManagementFactory");
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case "java.lang.management.ManagementFactory":
                b.advise(ServerReturned.class, named("getPlatformMBeanServer").and(takesArguments(0)));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    static final class ServerReturned {
        private ServerReturned() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object server) {
            Hooks.platformMBeanServer(server);
        }
    }
}
