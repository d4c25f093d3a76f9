package io.leakwatch.jmx.process;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Samples the process's resources on one daemon thread, {@value #THREAD_NAME}, and shows them as the
 * {@code io.leakwatch:type=Process} MXBean ({@link ProcessResources}).
 *
 * <pre>{@code
 * ProcessMonitor monitor = ProcessMonitor.start(new ProcessMonitor.Settings(10_000, Thresholds.DEFAULTS,
 *         Path.of("."), () -> trackedOpen, Runnable::run), ManagementFactory.getPlatformMBeanServer());
 * ...
 * monitor.stop();
 * }</pre>
 *
 * <p>There is no "off" monitor: when sampling is off the caller does not start one, so no thread exists. Each sample
 * runs through {@link Settings#agentScope()} (the agent passes one that marks the thread as agent work, so the
 * {@code /proc} files it reads are never tracked as the application's), with the monitor's own class loader as the
 * thread's context loader (OSHI looks up its configuration there, never in the application's class path). A sample
 * that fails is counted ({@code SampleFailures}, and {@code LastFailure} says why) and the next one is taken on time; nothing is
 * printed. Notifications are sent outside the agent scope: a listener in the application is the application's code.
 *
 * <p>Thread-safe: {@link #stop()} may be called from any thread, more than once.
 */
public final class ProcessMonitor {
    /** The sampling thread's name. */
    public static final String THREAD_NAME = "leakwatch-process-sampler";
    /** Samples the history keeps: ten minutes at the default interval. */
    public static final int HISTORY_SIZE = 60;

    private final Settings settings;
    private final Sampler sampler;
    private final ProcessResources resources;
    private final MBeanServer server;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * What a monitor samples and how often.
     *
     * <p>Immutable and thread-safe if the suppliers are.
     *
     * @param intervalMillis     time between samples, 1 or more ({@code process.interval=})
     * @param thresholds         when states become WARNING and CRITICAL ({@code process.warning=},
     *                           {@code process.critical=})
     * @param diskDirectory      the directory whose disk is measured: the report's directory, else the working one
     * @param trackedDescriptors files, sockets, pipes and selectors open that leakwatch tracks now
     * @param agentScope         runs one sample on the calling thread, marked as agent work
     */
    public record Settings(long intervalMillis, Thresholds thresholds, Path diskDirectory,
                           LongSupplier trackedDescriptors, Executor agentScope) {
        /** @throws IllegalArgumentException when the interval is not positive (sampling off: start no monitor) */
        public Settings {
            if (intervalMillis < 1) {
                throw new IllegalArgumentException("the sampling interval is 1 ms or more, not " + intervalMillis
                                                   + "; when sampling is off, start no monitor");
            }
            java.util.Objects.requireNonNull(thresholds, "thresholds");
            java.util.Objects.requireNonNull(diskDirectory, "diskDirectory");
            java.util.Objects.requireNonNull(trackedDescriptors, "trackedDescriptors");
            java.util.Objects.requireNonNull(agentScope, "agentScope");
        }
    }

    private ProcessMonitor(Settings settings, Sampler sampler, ProcessResources resources, MBeanServer server) {
        this.settings = settings;
        this.sampler = sampler;
        this.resources = resources;
        this.server = server;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.setContextClassLoader(ProcessMonitor.class.getClassLoader());
    }

    /**
     * Takes a first sample on the calling thread, registers the MBean as {@value ProcessResources#OBJECT_NAME} in
     * {@code server} and starts the sampling thread.
     *
     * @throws JMException           when the MBean cannot be registered (one is already there)
     * @throws IllegalStateException when the OS cannot be read (not Linux, no {@code /proc})
     */
    public static ProcessMonitor start(Settings settings, MBeanServer server) throws JMException {
        ProcessProbe probe = inAgentScope(settings, () -> OshiLinuxProbe.create(settings.diskDirectory()));
        return start(settings, server, probe, settings.diskDirectory().toAbsolutePath().normalize().toString());
    }

    /** {@link #start(Settings, MBeanServer)} with a given probe (tests). */
    static ProcessMonitor start(Settings settings, MBeanServer server, ProcessProbe probe, String diskPath)
        throws JMException {
        Sampler sampler = new Sampler(probe, settings.trackedDescriptors(), Runtime.getRuntime().availableProcessors(),
                                      System::nanoTime, System::currentTimeMillis);
        ProcessResources resources = new ProcessResources(settings.thresholds(), settings.intervalMillis(), diskPath,
                                                          HISTORY_SIZE);
        ProcessMonitor monitor = new ProcessMonitor(settings, sampler, resources, server);
        // the MBean never shows an empty sample
        monitor.sampleOnce();
        server.registerMBean(io.leakwatch.jmx.DescribedBeans.of((ProcessMXBean) resources, ProcessMXBean.class),
                             ProcessResources.objectName());
        monitor.thread.start();
        return monitor;
    }

    /** Stops the sampling thread (waiting up to 5 s for it) and unregisters the MBean. */
    public void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.unregisterMBean(ProcessResources.objectName());
        } catch (InstanceNotFoundException alreadyGone) {
            // stopped before, or unregistered by someone else
        } catch (JMException | RuntimeException e) {
            resources.recordFailure(e);
        }
    }

    /** The MBean this monitor feeds. */
    public ProcessResources resources() {
        return resources;
    }

    private void run() {
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.intervalMillis());
        long next = System.nanoTime() + interval;
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            sampleOnce();
            // a fixed rate; after a stall (a long pause, a suspended process) the missed samples are not taken in a
            // burst: the next comes half an interval on at the earliest
            next = Math.max(next + interval, System.nanoTime() + interval / 2);
        }
    }

    private void sampleOnce() {
        ProcessSample sample;
        try {
            sample = inAgentScope(settings, sampler::sample);
        } catch (Throwable t) {
            resources.recordFailure(t);
            return;
        }
        try {
            resources.record(sample);
        } catch (Throwable t) {
            // the sample is shown before notifications are sent: only a notification was lost
            resources.recordFailure(t);
        }
    }

    /** Runs {@code work} as agent work, with this module's class loader as the thread's context loader. */
    private static <T> T inAgentScope(Settings settings, Supplier<T> work) {
        Object[] result = new Object[1];
        settings.agentScope().execute(() -> {
            Thread t = Thread.currentThread();
            ClassLoader context = t.getContextClassLoader();
            t.setContextClassLoader(ProcessMonitor.class.getClassLoader());
            try {
                result[0] = work.get();
            } finally {
                t.setContextClassLoader(context);
            }
        });
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
