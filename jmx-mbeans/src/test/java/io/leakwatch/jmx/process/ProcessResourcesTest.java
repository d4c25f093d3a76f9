package io.leakwatch.jmx.process;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.AttributeChangeNotification;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenType;
import java.util.ArrayList;
import java.util.List;

import static io.leakwatch.jmx.process.Samples.GIB;
import static io.leakwatch.jmx.process.Samples.descriptors;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MBean as a JMX client sees it, in a real MBeanServer: open types, states, notifications, peaks, history. */
class ProcessResourcesTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ObjectName name = ProcessResources.objectName();
    private final List<Notification> received = new ArrayList<>();
    private ProcessResources mbean;

    @BeforeEach
    void register() throws Exception {
        mbean = new ProcessResources(Thresholds.DEFAULTS, 10_000, "/var/reports", 60);
        server.registerMBean(mbean, name);
        server.addNotificationListener(name, (n, handback) -> received.add(n), null, null);
    }

    private Object attribute(String attribute) throws Exception {
        return server.getAttribute(name, attribute);
    }

    @Test
    void everyAttributeIsAnOpenType() throws Exception {
        mbean.record(descriptors(1, 40, 1024, 30));
        MBeanAttributeInfo[] attributes = server.getMBeanInfo(name).getAttributes();
        assertEquals(38, attributes.length, "attributes");
        for (MBeanAttributeInfo a : attributes) {
            Object openType = a.getDescriptor().getFieldValue("openType");
            assertInstanceOf(OpenType.class, openType, a.getName());
            Object value = attribute(a.getName());
            assertTrue(((OpenType<?>) openType).isValue(value), a.getName() + " = " + value);
        }
        assertEquals("true", String.valueOf(server.getMBeanInfo(name).getDescriptor().getFieldValue("mxbean")));
        assertEquals(AttributeChangeNotification.ATTRIBUTE_CHANGE,
                     server.getMBeanInfo(name).getNotifications()[0].getNotifTypes()[0]);
    }

    @Test
    void valuesComeFromTheLatestSample() throws Exception {
        mbean.record(new ProcessSample(1, 5_000, 40, 1024, 30, 17, 200L << 20, 0.5, 16 * GIB, 4 * GIB, 100 * GIB,
                                       85 * GIB));
        assertAll(
            () -> assertEquals(40L, attribute("OpenDescriptors")),
            () -> assertEquals(1024L, attribute("MaxDescriptors")),
            () -> assertEquals(30L, attribute("TrackedDescriptors")),
            () -> assertEquals(10L, attribute("UntrackedDescriptors")),
            () -> assertEquals(40 * 100.0 / 1024, attribute("DescriptorsPercent")),
            () -> assertEquals("NORMAL", attribute("DescriptorsState")),
            () -> assertEquals(17, attribute("Threads")),
            () -> assertEquals(200L << 20, attribute("ResidentBytes")),
            () -> assertEquals(0.5, attribute("CpuLoad")),
            () -> assertEquals(12 * GIB, attribute("SystemMemoryUsedBytes")),
            () -> assertEquals(75.0, attribute("SystemMemoryUsedPercent")),
            () -> assertEquals("NORMAL", attribute("SystemMemoryState")),
            () -> assertEquals(85.0, attribute("DiskUsedPercent")),
            () -> assertEquals("WARNING", attribute("DiskState")),
            () -> assertEquals("/var/reports", attribute("DiskPath")),
            () -> assertEquals(5_000L, attribute("SampledAtMillis")),
            () -> assertEquals(1L, attribute("SampleCount")),
            () -> assertEquals(10_000L, attribute("IntervalMillis")),
            () -> assertEquals(80, attribute("WarningPercent")),
            () -> assertEquals(95, attribute("CriticalPercent")),
            () -> assertEquals(0, ((CompositeData) attribute("StateLevels")).get("descriptors")),
            () -> assertEquals(1, ((CompositeData) attribute("StateLevels")).get("disk")),
            () -> assertEquals(40L, ((CompositeData) attribute("Current")).get("openDescriptors")),
            () -> assertEquals(10L, ((CompositeData) attribute("Current")).get("untrackedDescriptors")));
    }

    @Test
    void eachStateChangeIsNotifiedOnce() throws Exception {
        long[] open = {10, 50, 85, 90, 96, 99, 20, 30};
        for (int i = 0; i < open.length; i++) {
            mbean.record(descriptors(i + 1, open[i], 100, 5));
        }
        List<String> changes = new ArrayList<>();
        for (Notification n : received) {
            AttributeChangeNotification c = (AttributeChangeNotification) n;
            changes.add(c.getAttributeName() + " " + c.getOldValue() + "->" + c.getNewValue() + " at "
                        + c.getTimeStamp());
            assertEquals(name, c.getSource());
            assertEquals(AttributeChangeNotification.ATTRIBUTE_CHANGE, c.getType());
        }
        assertEquals(List.of("DescriptorsState NORMAL->WARNING at 3000", "DescriptorsState WARNING->CRITICAL at 5000",
                             "DescriptorsState CRITICAL->NORMAL at 7000"), changes);
        assertEquals("descriptors WARNING: 85 of 100 (85.0%); warning at 80%, critical at 95%",
                     received.get(0).getMessage());
        assertEquals(List.of(1L, 2L, 3L), received.stream().map(Notification::getSequenceNumber).toList());
        assertAll(
            () -> assertEquals("NORMAL", attribute("DescriptorsState")),
            () -> assertEquals(99L, attribute("PeakOpenDescriptors")),
            () -> assertEquals(30L, attribute("OpenDescriptors")));
    }

    @Test
    void everyLimitedResourceHasItsOwnState() throws Exception {
        mbean.record(descriptors(1, 10, 100, 5));
        // resident 15.5 of 16 GiB, system memory all used, disk 96 of 100 GiB; descriptors unlimited
        mbean.record(new ProcessSample(2, 2_000, 10, -1, 5, 20, 31 * GIB / 2, 0.1, 16 * GIB, 0, 100 * GIB,
                                       96 * GIB));
        List<String> changes = new ArrayList<>();
        for (Notification n : received) {
            AttributeChangeNotification c = (AttributeChangeNotification) n;
            changes.add(c.getAttributeName() + " " + c.getOldValue() + "->" + c.getNewValue());
        }
        assertEquals(List.of("ResidentState NORMAL->CRITICAL", "SystemMemoryState NORMAL->CRITICAL",
                             "DiskState NORMAL->CRITICAL"), changes);
        CompositeData levels = (CompositeData) attribute("StateLevels");
        assertAll(
            () -> assertEquals("NORMAL", attribute("DescriptorsState"), "unlimited"),
            () -> assertEquals(-1.0, attribute("DescriptorsPercent")),
            () -> assertEquals(0, levels.get("descriptors")),
            () -> assertEquals(2, levels.get("resident")),
            () -> assertEquals(2, levels.get("systemMemory")),
            () -> assertEquals(2, levels.get("disk")),
            () -> assertEquals(96.875, attribute("ResidentPercent")));
    }

    @Test
    void peaksAreTheHighestSampled() throws Exception {
        mbean.record(new ProcessSample(1, 1, 40, 1024, 30, 17, 300, 0.9, 1000, 600, 1000, 500));
        mbean.record(new ProcessSample(2, 2, 60, 1024, 30, 12, 200, 0.1, 1000, 700, 1000, 700));
        mbean.record(new ProcessSample(3, 3, 50, 1024, 30, 15, 250, -1, 1000, 650, 1000, 600));
        assertAll(
            () -> assertEquals(60L, attribute("PeakOpenDescriptors")),
            () -> assertEquals(17, attribute("PeakThreads")),
            () -> assertEquals(300L, attribute("PeakResidentBytes")),
            () -> assertEquals(0.9, attribute("PeakCpuLoad")),
            () -> assertEquals(400L, attribute("PeakSystemMemoryUsedBytes")),
            () -> assertEquals(700L, attribute("PeakDiskUsedBytes")),
            () -> assertEquals(-1.0, attribute("CpuLoad")));
    }

    @Test
    void historyIsBoundedOldestFirst() throws Exception {
        for (int i = 1; i <= 25; i++) {
            mbean.record(descriptors(i, i, 1024, 0));
        }
        CompositeData[] history = (CompositeData[]) attribute("History");
        assertEquals(25, history.length);
        for (int i = 26; i <= 70; i++) {
            mbean.record(descriptors(i, i, 1024, 0));
        }
        history = (CompositeData[]) attribute("History");
        assertEquals(60, history.length);
        assertEquals(60, attribute("HistorySize"));
        for (int i = 0; i < 60; i++) {
            assertEquals(11L + i, history[i].get("sequence"));
            assertEquals(11L + i, history[i].get("openDescriptors"));
            assertEquals((11L + i) * 1000, history[i].get("timestampMillis"));
        }
    }

    @Test
    void aProxyReadsSamplesBackAsObjects() {
        mbean.record(descriptors(1, 40, 1024, 30));
        mbean.record(descriptors(2, 41, 1024, 30));
        ProcessMXBean proxy = JMX.newMXBeanProxy(server, name, ProcessMXBean.class, true);
        List<ProcessSample> history = proxy.getHistory();
        assertEquals(2, history.size());
        assertEquals(41, history.get(1).getOpenDescriptors());
        assertEquals(11, history.get(1).getUntrackedDescriptors());
        assertNotNull(proxy.getStateLevels());
        assertEquals(0, proxy.getStateLevels().getDescriptors());
    }

    @Test
    void failuresAreCountedWithTheLatestReason() throws Exception {
        mbean.record(descriptors(1, 40, 1024, 30));
        mbean.recordFailure(new IllegalStateException("first"));
        mbean.recordFailure(new IllegalStateException("second"));
        assertEquals(2L, attribute("SampleFailures"));
        assertEquals("java.lang.IllegalStateException: second", attribute("LastFailure"));
        assertEquals(40L, attribute("OpenDescriptors"), "the last good sample stays");
    }
}
