package io.leakwatch.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.AttributeChangeNotification;
import javax.management.AttributeChangeNotificationFilter;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code io.leakwatch:type=Process} MBean of a real child JVM, read over a real JMX connector: the descriptors the
 * OS lists against the soft limit the child runs under, what leakwatch tracks, the gap, the state notifications as
 * descriptors climb to WARNING and CRITICAL and fall back, the history's bound; and no sampling thread at all when
 * sampling or JMX is off.
 */
class ProcessMBeanTest {
    static final ObjectName PROCESS = name("io.leakwatch:type=Process");
    /** {@code ulimit -n} of the children: 80% is 320 descriptors, 95% is 380. */
    static final int FD_LIMIT = 400;
    static final String SAMPLER_THREAD = "leakwatch-process-sampler";

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void descriptorsAgainstTheLimitAndWhatLeakwatchTracks(Jdk jdk) throws Exception {
        // slf4j.provider is the application's setting for its own SLF4J: the agent's private copy must not act on it
        // (it would print a failure on stderr, which is checked empty at the end)
        try (LiveChild child = LiveChild.start(jdk, "process-mbean", FD_LIMIT,
                                               List.of("-Dslf4j.provider=com.example.NotOnTheAgentsClassPath"),
                                               "report={dir}/report.json,process.interval=100ms")) {
            MBeanServerConnection jmx = child.jmx();
            waitUntil(() -> jmx.isRegistered(PROCESS), "the Process MBean is registered", child);
            CompositeData[] early = (CompositeData[]) jmx.getAttribute(PROCESS, "History");
            CompositeData idle = awaitSample(jmx, child, s -> true);

            child.send("files 50");
            child.send("sockets 10");
            CompositeData held = awaitSample(jmx, child, s -> (long) s.get("trackedDescriptors") == 60);
            long open = (long) held.get("openDescriptors");
            long limit = child.softDescriptorLimit();
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(jmx, ManagementFactory.THREAD_MXBEAN_NAME,
                                                                            ThreadMXBean.class);
            ThreadInfo sampler = thread(threads, SAMPLER_THREAD);
            assertAll(
                () -> assertEquals(0L, idle.get("trackedDescriptors"), "nothing tracked before the commands"),
                () -> assertEquals(FD_LIMIT, limit, "ulimit -n of the child"),
                () -> assertEquals(limit, held.get("maxDescriptors"), "the soft limit"),
                () -> assertTrue(open >= 60, "OS open " + open + " >= tracked 60"),
                () -> assertEquals(open - 60, held.get("untrackedDescriptors"), "the gap"),
                () -> assertTrue((int) held.get("threads") >= threads.getThreadCount(),
                                 "OS threads " + held.get("threads") + " include the Java threads "
                                 + threads.getThreadCount()),
                () -> assertEquals("NORMAL", jmx.getAttribute(PROCESS, "DescriptorsState")),
                () -> assertStatesMatchPercentages(jmx),
                () -> assertTrue(sampler != null && sampler.isDaemon(), "a daemon thread " + SAMPLER_THREAD),
                () -> assertEquals(0L, jmx.getAttribute(PROCESS, "SampleFailures"),
                                   String.valueOf(jmx.getAttribute(PROCESS, "LastFailure"))),
                () -> assertGrowingHistory(early));
            assertOsCountIsExact(jmx, child);

            assertStateNotificationsAsDescriptorsClimbAndFall(jmx, child);

            waitUntil(() -> (long) jmx.getAttribute(PROCESS, "SampleCount") > 65, "65 samples", child);
            CompositeData[] history = (CompositeData[]) jmx.getAttribute(PROCESS, "History");
            long count = (long) jmx.getAttribute(PROCESS, "SampleCount");
            assertEquals(60, history.length, "the history keeps 60 samples");
            assertContiguous(history);
            long last = (long) history[59].get("sequence");
            assertTrue(last > 65 && last <= count, "latest " + last + " of " + count);
            child.close();
            assertEquals("", child.stderr().replaceAll("(?m)^leakwatch: report written to .*\\R", ""),
                         "the child's stderr, besides where the report went");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void noSamplingThreadWhenSamplingOrJmxIsOff(Jdk jdk) throws Exception {
        for (String options : List.of("process.interval=off", "jmx=false")) {
            try (LiveChild child = LiveChild.start(jdk, "process-off", FD_LIMIT, List.of(), options)) {
                child.send("files 3");
                // the child's JMX connector made the platform MBeanServer as it started: the MBean, were it on,
                // would be registered and sampling by now
                Thread.sleep(2500);
                MBeanServerConnection jmx = child.jmx();
                ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(
                    jmx, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
                List<String> ours = new ArrayList<>();
                for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (t != null && t.getThreadName().startsWith("leakwatch-process")) {
                        ours.add(t.getThreadName());
                    }
                }
                assertAll(options,
                    () -> assertEquals(List.of(), ours, "threads named leakwatch-process..."),
                    () -> assertFalse(jmx.isRegistered(PROCESS), "no Process MBean"),
                    () -> assertEquals("", child.stderr(), "stderr"));
            }
        }
    }

    /** Opens files up to 80% and 95% of the limit, then closes them all: one notification per change, in order. */
    static void assertStateNotificationsAsDescriptorsClimbAndFall(MBeanServerConnection jmx, LiveChild child)
        throws Exception {
        BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
        NotificationListener listener = (n, handback) -> received.add(n);
        AttributeChangeNotificationFilter filter = new AttributeChangeNotificationFilter();
        filter.enableAttribute("DescriptorsState");
        jmx.addNotificationListener(PROCESS, listener, filter, null);

        long open = (long) awaitSample(jmx, child, s -> true).get("openDescriptors");
        child.send("files " + (FD_LIMIT * 80 / 100 - open + 3));
        AttributeChangeNotification warning = next(received, child);
        open = (long) awaitSample(jmx, child, s -> true).get("openDescriptors");
        String warningState = (String) jmx.getAttribute(PROCESS, "DescriptorsState");
        child.send("files " + (FD_LIMIT * 95 / 100 - open + 3));
        AttributeChangeNotification critical = next(received, child);
        long peak = (long) awaitSample(jmx, child, s -> true).get("openDescriptors");
        child.send("close");
        AttributeChangeNotification normal = next(received, child);
        CompositeData after = awaitSample(jmx, child, s -> (long) s.get("trackedDescriptors") == 0);
        awaitSample(jmx, child, s -> (long) s.get("sequence") > (long) after.get("sequence") + 3);
        jmx.removeNotificationListener(PROCESS, listener);
        assertAll(
            () -> assertEquals("NORMAL->WARNING", change(warning)),
            () -> assertTrue(warning.getMessage().startsWith("descriptors WARNING: ")
                             && warning.getMessage().contains(" of " + FD_LIMIT + " ("), warning.getMessage()),
            () -> assertTrue(warning.getMessage().endsWith("; warning at 80%, critical at 95%"), warning.getMessage()),
            () -> assertEquals(PROCESS, warning.getSource()),
            () -> assertEquals("WARNING", warningState),
            () -> assertEquals("WARNING->CRITICAL", change(critical)),
            () -> assertEquals("CRITICAL->NORMAL", change(normal)),
            () -> assertTrue(critical.getSequenceNumber() > warning.getSequenceNumber()
                             && normal.getSequenceNumber() > critical.getSequenceNumber(), "in order"),
            () -> assertNull(received.poll(), "no other change"),
            () -> assertTrue(peak >= FD_LIMIT * 95 / 100, "open at the top " + peak),
            () -> assertTrue((long) jmx.getAttribute(PROCESS, "PeakOpenDescriptors") >= peak, "peak"),
            () -> assertEquals("NORMAL", jmx.getAttribute(PROCESS, "DescriptorsState")),
            () -> assertEquals(0, ((CompositeData) jmx.getAttribute(PROCESS, "StateLevels")).get("descriptors")));
    }

    private static String change(AttributeChangeNotification n) {
        return n.getOldValue() + "->" + n.getNewValue();
    }

    private static AttributeChangeNotification next(BlockingQueue<Notification> received, LiveChild child)
        throws InterruptedException {
        Notification n = received.poll(LiveChild.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (n == null) {
            throw new AssertionError("no DescriptorsState notification within " + LiveChild.TIMEOUT_SECONDS + " s\n"
                                     + child.describe());
        }
        return (AttributeChangeNotification) n;
    }

    /**
     * The OS count is exact: when the child's {@code /proc/<pid>/fd}, listed by the test just before and just after a
     * new sample, held the same number of entries, the sample has that number (the sampler's own listing descriptor
     * not counted).
     */
    static void assertOsCountIsExact(MBeanServerConnection jmx, LiveChild child) throws Exception {
        List<String> tries = new ArrayList<>();
        for (int attempt = 0; attempt < 20; attempt++) {
            long sequence = (long) ((CompositeData) jmx.getAttribute(PROCESS, "Current")).get("sequence");
            long before = child.openDescriptors();
            CompositeData s = awaitSample(jmx, child, c -> (long) c.get("sequence") > sequence);
            long after = child.openDescriptors();
            if (before == after && (long) s.get("sequence") == sequence + 1) {
                assertEquals(before, s.get("openDescriptors"), "open descriptors against /proc/" + child.pid() + "/fd");
                return;
            }
            tries.add(before + "/" + s.get("openDescriptors") + "/" + after);
        }
        throw new AssertionError("the child's descriptors never held still around a sample: " + tries);
    }

    /** Every state is the one its percentage and the default thresholds make. */
    static void assertStatesMatchPercentages(MBeanServerConnection jmx) throws Exception {
        CompositeData levels = (CompositeData) jmx.getAttribute(PROCESS, "StateLevels");
        String[][] measures = {{"Descriptors", "DescriptorsPercent", "descriptors"},
                               {"Resident", "ResidentPercent", "resident"},
                               {"SystemMemory", "SystemMemoryUsedPercent", "systemMemory"},
                               {"Disk", "DiskUsedPercent", "disk"}};
        for (String[] m : measures) {
            // one consistent read: the state, its percentage, and the state again unchanged
            for (int attempt = 0; ; attempt++) {
                String state = (String) jmx.getAttribute(PROCESS, m[0] + "State");
                double percent = (double) jmx.getAttribute(PROCESS, m[1]);
                if (!state.equals(jmx.getAttribute(PROCESS, m[0] + "State")) && attempt < 5) {
                    continue;
                }
                String expected = percent >= 95 ? "CRITICAL" : percent >= 80 ? "WARNING" : "NORMAL";
                assertEquals(expected, state, m[0] + " at " + percent + "%");
                assertTrue(percent >= 0 && percent <= 100, m[1] + " " + percent);
                break;
            }
        }
        assertEquals(levels.getCompositeType().keySet(), java.util.Set.of("descriptors", "resident", "systemMemory",
                                                                          "disk"));
    }

    static void assertGrowingHistory(CompositeData[] early) {
        assertTrue(early.length >= 1 && early.length < 60, "history while young: " + early.length);
        assertEquals(1L, early[0].get("sequence"), "from the first sample");
        assertContiguous(early);
    }

    static void assertContiguous(CompositeData[] history) {
        for (int i = 1; i < history.length; i++) {
            assertEquals((long) history[i - 1].get("sequence") + 1, history[i].get("sequence"), "sample " + i);
            assertTrue((long) history[i].get("timestampMillis") >= (long) history[i - 1].get("timestampMillis"));
        }
    }

    static ThreadInfo thread(ThreadMXBean threads, String name) {
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The first current sample that satisfies {@code condition}. */
    static CompositeData awaitSample(MBeanServerConnection jmx, LiveChild child, Predicate<CompositeData> condition)
        throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LiveChild.TIMEOUT_SECONDS);
        CompositeData last = null;
        long start = -1;
        while (System.nanoTime() < deadline) {
            CompositeData s = (CompositeData) jmx.getAttribute(PROCESS, "Current");
            long sequence = (long) s.get("sequence");
            if (start < 0) {
                start = sequence;
            } else if (sequence > start && condition.test(s)) {
                // only a sample taken after this call began: the child has done what it answered
                return s;
            }
            last = s;
            Thread.sleep(20);
        }
        throw new AssertionError("no sample as expected within " + LiveChild.TIMEOUT_SECONDS + " s; last: " + last
                                 + "\n" + child.describe());
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void waitUntil(Check check, String what, LiveChild child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LiveChild.TIMEOUT_SECONDS);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "\n" + child.describe());
            }
            Thread.sleep(50);
        }
    }
}
