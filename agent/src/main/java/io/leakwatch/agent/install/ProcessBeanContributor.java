package io.leakwatch.agent.install;

import io.leakwatch.agent.config.LeakWatchOptions;
import io.leakwatch.agent.config.LiveOptions;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.KindCountsView;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.jmx.BeanContributor;
import io.leakwatch.jmx.process.ProcessMonitor;
import io.leakwatch.jmx.process.Thresholds;

import javax.management.MBeanServer;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Makes the Process MBean ({@link ProcessMonitor}, {@code io.leakwatch:type=Process}) one of the live view's beans: it is
 * registered together with the others, when something first gets the platform MBeanServer (see
 * {@link io.leakwatch.agent.live.LiveViewStarter}), when {@code jmx=true} and {@code process.interval} is not
 * {@code off}: its sampling starts then. A failure to start prints one line and the application runs on.
 *
 * <p>Thread-safe (stateless).
 */
public final class ProcessBeanContributor {
    private ProcessBeanContributor() {
    }

    /** The contributor that starts the Process MBean, or {@code null} when sampling is off. */
    public static BeanContributor contributor(LeakWatchOptions options, ResourceRegistry registry) {
        LiveOptions live = options.live();
        if (!live.jmx() || live.processIntervalMillis() <= 0) {
            return null;
        }
        return new Starter(options, registry);
    }

    /**
     * Starts the Process MBean in the server it is given: a class rather than a lambda, which the JDK would spin at
     * every start. Thread-safe (immutable).
     */
    private static final class Starter implements BeanContributor {
        private final LeakWatchOptions options;
        private final ResourceRegistry registry;

        Starter(LeakWatchOptions options, ResourceRegistry registry) {
            this.options = options;
            this.registry = registry;
        }

        @Override
        public void register(MBeanServer server) {
            start(options, registry, server);
        }
    }

    private static void start(LeakWatchOptions options, ResourceRegistry registry, MBeanServer server) {
        LiveOptions live = options.live();
        Executor agentScope = work -> {
            Hooks.enterAgent();
            try {
                work.run();
            } finally {
                Hooks.exitAgent();
            }
        };
        Thread self = Thread.currentThread();
        ClassLoader context = self.getContextClassLoader();
        // OSHI and SLF4J look up their parts through the context loader: the agent's, where they live (and the
        // sampling thread started here inherits it)
        self.setContextClassLoader(ProcessBeanContributor.class.getClassLoader());
        Hooks.enterAgent();
        try {
            ProcessMonitor.start(new ProcessMonitor.Settings(
                live.processIntervalMillis(), new Thresholds(live.processWarningPercent(), live.processCriticalPercent()),
                diskDirectory(options), trackedDescriptors(registry), agentScope), server);
        } catch (Throwable t) {
            System.err.println("leakwatch: the Process MBean is not available, the application runs on without it: " + t);
        } finally {
            Hooks.exitAgent();
            self.setContextClassLoader(context);
        }
    }

    /** The report's directory ({@code report=}), else the working directory. */
    static Path diskDirectory(LeakWatchOptions options) {
        Path report = options.reportPath().map(p -> Path.of(p).toAbsolutePath()).orElse(null);
        return report != null && report.getParent() != null ? report.getParent() : Path.of("").toAbsolutePath();
    }

    /** Files, sockets, pipes and selectors open now, from the registry's counters (application resources only). */
    private static LongSupplier trackedDescriptors(ResourceRegistry registry) {
        return () -> {
            long open = 0;
            // the counters alone: a snapshot would describe every open resource at every sample
            for (KindCountsView c : registry.counts()) {
                ResourceKind kind = ResourceKind.fromLabel(c.kind());
                if (kind != null && kind.has(ResourceKind.Traits.DESCRIPTOR)) {
                    open += c.open();
                }
            }
            return open;
        };
    }
}
