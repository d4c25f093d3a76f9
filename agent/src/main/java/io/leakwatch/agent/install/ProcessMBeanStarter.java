package io.leakwatch.agent.install;

import io.leakwatch.agent.config.LeakWatchOptions;
import io.leakwatch.agent.config.LiveOptions;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.KindCountsView;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.jmx.process.ProcessMonitor;
import io.leakwatch.jmx.process.Thresholds;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * MINIMAL WIRING OF THE PROCESS MBEAN (branch {@code process}), to be merged by the lead into the JMX registrar that
 * registers the other MBeans: starts {@link ProcessMonitor} in the platform MBeanServer when {@code jmx=true} and
 * {@code process.interval} is not {@code off}.
 *
 * <p>It never runs on the thread that calls {@code premain}: a daemon thread, {@value #THREAD_NAME}, waits
 * {@value #START_DELAY_MILLIS} ms, so that the platform MBeanServer (and the logging it may initialize) is not touched
 * before the application's {@code main} has begun (an application may configure either first). With sampling off, no
 * thread at all is started. A failure to start prints one line and the application runs on.
 *
 * <p>Thread-safe (stateless).
 */
final class ProcessMBeanStarter {
    static final String THREAD_NAME = "leakwatch-process-start";
    static final long START_DELAY_MILLIS = 1000;
    /** The kinds whose open resources each hold a descriptor. */
    private static final Set<String> DESCRIPTOR_KINDS = Set.of("file", "socket", "pipe", "selector");

    private ProcessMBeanStarter() {
    }

    static void startLater(LeakWatchOptions options, ResourceRegistry registry) {
        LiveOptions live = options.live();
        if (!live.jmx() || live.processIntervalMillis() <= 0) {
            return;
        }
        Thread starter = new Thread(() -> start(options, registry), THREAD_NAME);
        starter.setDaemon(true);
        starter.setContextClassLoader(ProcessMBeanStarter.class.getClassLoader());
        starter.start();
    }

    private static void start(LeakWatchOptions options, ResourceRegistry registry) {
        try {
            Thread.sleep(START_DELAY_MILLIS);
        } catch (InterruptedException e) {
            return;
        }
        LiveOptions live = options.live();
        Executor agentScope = work -> {
            Hooks.enterAgent();
            try {
                work.run();
            } finally {
                Hooks.exitAgent();
            }
        };
        Hooks.enterAgent();
        try {
            ProcessMonitor.start(new ProcessMonitor.Settings(
                live.processIntervalMillis(), new Thresholds(live.processWarningPercent(), live.processCriticalPercent()),
                diskDirectory(options), trackedDescriptors(registry), agentScope), ManagementFactory.getPlatformMBeanServer());
        } catch (Throwable t) {
            System.err.println("leakwatch: the Process MBean is not available, the application runs on without it: " + t);
        } finally {
            Hooks.exitAgent();
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
            for (KindCountsView c : registry.snapshot().counts()) {
                if (DESCRIPTOR_KINDS.contains(c.kind())) {
                    open += c.open();
                }
            }
            return open;
        };
    }
}
