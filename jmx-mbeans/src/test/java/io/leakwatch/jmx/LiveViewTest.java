package io.leakwatch.jmx;

import io.leakwatch.report.KindCounts;
import io.leakwatch.report.ResourceEntry;
import io.leakwatch.report.ResourceState;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The beans and the live view's rounds over an in-memory source, in a private MBeanServer (the agent's source and the
 * platform server are covered by the integration tests).
 */
class LiveViewTest {
    private final MemorySource source = new MemorySource();
    private final HoldTimeHistograms holdTimes = new HoldTimeHistograms(List.of("file", "cuda"));
    private final LiveView view = new LiveView(source, holdTimes, new LiveSettings(1000, 300, 80, 95));
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final List<Notification> received = new ArrayList<>();

    @BeforeEach
    void register() throws Exception {
        // what the agent publishes comes back to the view, as its own listener would send it
        source.view = view;
        view.register(server);
        server.addNotificationListener(ResourcesBean.nameOf("file"), (n, h) -> received.add(n), null, null);
        server.addNotificationListener(ResourcesBean.nameOf("cuda"), (n, h) -> received.add(n), null, null);
    }

    @Test
    void everyBeanAttributeOperationAndParameterHasANameAndADescription() throws Exception {
        java.util.Set<javax.management.ObjectName> names = server.queryNames(new javax.management.ObjectName("io.leakwatch:*"), null);
        assertEquals(3, names.size(), names.toString());
        java.util.Set<String> defaults = java.util.Set.of("Information on the management interface of the MBean",
                                                          "Attribute exposed for management",
                                                          "Operation exposed for management", "");
        List<String> undescribed = new ArrayList<>();
        for (javax.management.ObjectName name : names) {
            javax.management.MBeanInfo info = server.getMBeanInfo(name);
            if (info.getDescription() == null || defaults.contains(info.getDescription())) {
                undescribed.add(name + ": the bean");
            }
            for (javax.management.MBeanAttributeInfo a : info.getAttributes()) {
                if (a.getDescription() == null || defaults.contains(a.getDescription())
                    || a.getDescription().equals(a.getName())) {
                    undescribed.add(name + ": attribute " + a.getName());
                }
            }
            for (javax.management.MBeanOperationInfo o : info.getOperations()) {
                if (o.getDescription() == null || defaults.contains(o.getDescription())) {
                    undescribed.add(name + ": operation " + o.getName());
                }
                for (javax.management.MBeanParameterInfo p : o.getSignature()) {
                    if (p.getName().matches("p\\d+") || p.getDescription() == null
                        || p.getDescription().equals(p.getName())) {
                        undescribed.add(name + ": " + o.getName() + " parameter " + p.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), undescribed);
        javax.management.MBeanOperationInfo report = java.util.Arrays.stream(
            server.getMBeanInfo(LeakWatchBean.NAME).getOperations()).filter(o -> o.getName().equals("openSince"))
            .findFirst().orElseThrow();
        assertEquals(List.of("mark", "format"), java.util.Arrays.stream(report.getSignature())
            .map(javax.management.MBeanParameterInfo::getName).toList());
        assertEquals("The report's format: text, json or html", report.getSignature()[1].getDescription());
        // a wrapped bean still sends its notifications, with its name as their source
        assertTrue(server.isInstanceOf(ResourcesBean.nameOf("file"), "javax.management.NotificationEmitter"));
    }

    @Test
    void onlyKindsMeasuredInBytesHaveOpenBytes() throws Exception {
        assertTrue(attributes(ResourcesBean.nameOf("cuda")).contains("OpenBytes"));
        assertFalse(attributes(ResourcesBean.nameOf("file")).contains("OpenBytes"));
        source.counts.put("cuda", new KindCounts(2, 0, 2, 2, 0, 4096));
        assertEquals(4096L, server.getAttribute(ResourcesBean.nameOf("cuda"), "OpenBytes"));
    }

    @Test
    void limitReachedIsNotifiedWithItsData() {
        view.limitReached("file", 10, 10, false, "com.acme.Store.load(Store.java:42)");
        assertEquals(1, received.size());
        Notification n = received.get(0);
        assertEquals(LiveNotifications.LIMIT_REACHED, n.getType());
        assertEquals(ResourcesBean.nameOf("file"), n.getSource());
        assertEquals("file limit 10 reached: 10 open; most held at com.acme.Store.load(Store.java:42)",
                     n.getMessage());
        CompositeData d = (CompositeData) n.getUserData();
        assertEquals(List.of("file", 10L, 10L, false, "com.acme.Store.load(Store.java:42)"),
                     List.of(d.getAll(new String[] {"kind", "open", "limit", "refused", "topSite"})));
    }

    @Test
    void occupancyIsNotifiedAtEachChangeOfState() throws Exception {
        ObjectName file = ResourcesBean.nameOf("file");
        source.counts.put("file", new KindCounts(8, 0, 8, 8, 0, -1));
        view.poll();
        assertEquals(List.of(), types(), "no limit: NORMAL");
        server.setAttribute(file, new javax.management.Attribute("Limit", 10L));
        assertEquals(10L, source.limits.get("file"));
        view.poll();
        source.counts.put("file", new KindCounts(10, 0, 10, 10, 0, -1));
        view.poll();
        view.poll();
        source.counts.put("file", new KindCounts(9, 0, 10, 10, 1, -1));
        view.poll();
        source.counts.put("file", new KindCounts(1, 0, 10, 10, 9, -1));
        view.poll();
        assertEquals(List.of(LiveNotifications.OCCUPANCY_WARNING, LiveNotifications.OCCUPANCY_CRITICAL,
                             LiveNotifications.OCCUPANCY_WARNING, LiveNotifications.OCCUPANCY_NORMAL), types());
        CompositeData d = (CompositeData) received.get(1).getUserData();
        assertEquals("CRITICAL", d.get("state"));
        assertEquals("WARNING", d.get("previousState"));
        assertEquals(100.0, d.get("percent"));
        server.setAttribute(file, new javax.management.Attribute("Limit", -1L));
        assertEquals(Long.MAX_VALUE, source.limits.get("file"));
        Exception e = assertThrows(Exception.class,
                                   () -> server.setAttribute(file, new javax.management.Attribute("Limit", -2L)));
        assertTrue(String.valueOf(e.getCause()).contains("Limit is -1 (no limit) or 0 or more, not -2"), e.toString());
    }

    @Test
    void cudaOccupancyIsInBytes() {
        source.limits.put("cuda", 1000L);
        source.counts.put("cuda", new KindCounts(1, 0, 1, 1, 0, 960));
        view.poll();
        assertEquals(List.of(LiveNotifications.OCCUPANCY_CRITICAL), types());
    }

    @Test
    void eachResourceHeldTooLongIsNotifiedOnce() {
        long now = 1_000_000;
        source.held.add(held(1, "a.txt (read)", now - 5000, "A.a(A.java:1)"));
        source.held.add(held(2, "b.txt (read)", now - 400, "B.b(B.java:2)"));
        source.held.add(held(3, "c.txt (read)", now - 100, "C.c(C.java:3)"));
        view.checkHeld(300, now);
        view.checkHeld(300, now);
        view.checkHeld(300, now + 250);
        view.checkHeld(300, now + 1000);
        List<Object> ids = new ArrayList<>();
        for (Notification n : received) {
            assertEquals(LiveNotifications.HELD_TOO_LONG, n.getType());
            ids.add(((CompositeData) n.getUserData()).get("id"));
        }
        assertEquals(List.of(1L, 2L, 3L), ids);
        CompositeData first = (CompositeData) received.get(0).getUserData();
        assertEquals(5000L, first.get("heldMillis"));
        assertEquals("A.a(A.java:1)", first.get("site"));
        assertEquals("file held 5000 ms (threshold 300 ms), a suspected leak: a.txt (read) at A.a(A.java:1) on thread"
                     + " main", received.get(0).getMessage());
    }

    @Test
    void manyHeldTooLongAtOnceAreCappedWithOneSummary() {
        long now = 10_000_000;
        for (int i = 0; i < LiveView.HELD_PER_POLL + 5; i++) {
            source.held.add(held(i, "f" + i, now - 1000 - i, "A.a(A.java:1)"));
        }
        view.checkHeld(300, now);
        assertEquals(LiveView.HELD_PER_POLL + 1, received.size());
        Notification last = received.get(received.size() - 1);
        assertTrue(last.getMessage().startsWith("5 more file resources held longer than 300 ms"), last.getMessage());
        assertNull(last.getUserData());
    }

    @Test
    void topSitesMergeStacksWithTheSameFirstFrameBiggestFirst() throws Exception {
        source.sites.add(new OpenSite("file", List.of("A.a(A.java:1)", "Main.x(Main.java:1)"), 3, -1, 100, null));
        source.sites.add(new OpenSite("file", List.of("A.a(A.java:1)", "Main.y(Main.java:2)"), 4, -1, 50, null));
        source.sites.add(new OpenSite("file", List.of("B.b(B.java:2)"), 5, -1, 200, null));
        source.sites.add(new OpenSite("file", List.of(), 1, -1, 300, null));
        source.sites.add(new OpenSite("cuda", List.of("G.g(G.java:9)"), 1, 1 << 20, 400, null));
        source.sites.add(new OpenSite("cuda", List.of("H.h(H.java:9)"), 3, 3 << 10, 400, null));
        CompositeData[] file = (CompositeData[]) server.getAttribute(ResourcesBean.nameOf("file"), "TopSites");
        assertEquals(List.of("A.a(A.java:1)", "B.b(B.java:2)", OpenSite.NO_STACK),
                     List.of(file[0].get("site"), file[1].get("site"), file[2].get("site")));
        assertEquals(7L, file[0].get("openCount"));
        assertEquals(-1L, file[0].get("bytes"));
        assertTrue((Long) file[0].get("oldestAgeMillis") > 0);
        CompositeData[] cuda = (CompositeData[]) server.getAttribute(ResourcesBean.nameOf("cuda"), "TopSites");
        assertEquals("G.g(G.java:9)", cuda[0].get("site"), "most bytes first");
        assertEquals((long) (1 << 20), cuda[0].get("bytes"));
        assertEquals("", cuda[0].get("test"), "no test ran");
    }

    @Test
    void topSitesSplitOneLineByTheTestThatAcquired() throws Exception {
        source.sites.add(new OpenSite("file", List.of("A.a(A.java:1)", "T.x(T.java:1)"), 2, -1, 100, "com.x.T#x"));
        source.sites.add(new OpenSite("file", List.of("A.a(A.java:1)", "T.y(T.java:2)"), 3, -1, 100, "com.x.T#y"));
        source.sites.add(new OpenSite("file", List.of("A.a(A.java:1)", "T.y(T.java:3)"), 1, -1, 100, "com.x.T#y"));
        CompositeData[] file = (CompositeData[]) server.getAttribute(ResourcesBean.nameOf("file"), "TopSites");
        assertEquals(2, file.length);
        assertEquals(List.of("com.x.T#y", 4L, "com.x.T#x", 2L),
                     List.of(file[0].get("test"), file[0].get("openCount"), file[1].get("test"), file[1].get("openCount")));
        assertEquals("A.a(A.java:1)", file[1].get("site"));
    }

    @Test
    void holdTimesAndCountersAreReadLive() throws Exception {
        ObjectName file = ResourcesBean.nameOf("file");
        source.counts.put("file", new KindCounts(3, 1, 7, 20, 16, -1));
        holdTimes.record(0, 120);
        holdTimes.record(0, 80);
        assertEquals(List.of(3L, 7L, 20L, 16L, 1L, 2L, 120L),
                     List.of(server.getAttribute(file, "OpenCount"), server.getAttribute(file, "PeakOpenCount"),
                             server.getAttribute(file, "AcquiredCount"), server.getAttribute(file, "ReleasedCount"),
                             server.getAttribute(file, "LeakedCount"), server.getAttribute(file, "HoldTimeCount"),
                             server.getAttribute(file, "HoldTimeMaxMillis")));
        assertEquals(80L, server.getAttribute(file, "HoldTimeP50Millis"));
        server.invoke(file, "resetPeak", new Object[0], new String[0]);
        assertEquals(List.of("file"), source.peaksReset);
        assertEquals(3L, server.getAttribute(LeakWatchBean.NAME, "OpenCount"));
        assertEquals(List.of("file", "cuda"), List.of((String[]) server.getAttribute(LeakWatchBean.NAME,
                                                                                      "EnabledKinds")));
        assertEquals(300L, server.getAttribute(LeakWatchBean.NAME, "HoldThresholdMillis"));
    }

    private List<String> types() {
        List<String> t = new ArrayList<>();
        for (Notification n : received) {
            t.add(n.getType());
        }
        return t;
    }

    private Set<String> attributes(ObjectName name) throws Exception {
        Set<String> names = new TreeSet<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            names.add(a.getName());
        }
        return names;
    }

    /** An open file acquired at {@code acquiredAtMillis} at {@code frame}, as the agent's source describes one. */
    private static ResourceEntry held(long id, String description, long acquiredAtMillis, String frame) {
        return new ResourceEntry(id, "file", ResourceState.OPEN, description, "main",
                                 Instant.ofEpochMilli(acquiredAtMillis), 0, List.of(frame));
    }

    /** A source whose values the test sets. Not thread-safe (the tests run on one thread). */
    private static final class MemorySource implements LiveSource {
        final Map<String, KindCounts> counts = new HashMap<>(Map.of(
            "file", new KindCounts(0, 0, 0, 0, 0, -1), "cuda", new KindCounts(0, 0, 0, 0, 0, 0)));
        final Map<String, Long> limits = new HashMap<>(Map.of("file", Long.MAX_VALUE, "cuda", Long.MAX_VALUE));
        final List<OpenSite> sites = new ArrayList<>();
        final List<ResourceEntry> held = new ArrayList<>();
        final List<String> peaksReset = new ArrayList<>();
        LiveView view;

        @Override
        public void stateChanged(String kind, String state, String previousState, long open, long limit,
                                 double percent, String message) {
            view.occupancyChanged(kind, state, previousState, open, limit, percent, message);
        }

        @Override
        public void heldTooLong(ResourceEntry r, long heldMillis, String message) {
            view.heldTooLong(r.kind(), r.id(), r.description(), r.thread(), r.acquiredAt().toEpochMilli(), heldMillis,
                             r.stack().isEmpty() ? OpenSite.NO_STACK : r.stack().get(0), message);
        }

        @Override
        public boolean inBytes(String kind) {
            return "cuda".equals(kind);
        }

        @Override
        public List<String> kinds() {
            return List.of("file", "cuda");
        }

        @Override
        public Map<String, KindCounts> counts() {
            Map<String, KindCounts> out = new LinkedHashMap<>();
            out.put("file", counts.get("file"));
            out.put("cuda", counts.get("cuda"));
            return out;
        }

        @Override
        public long limit(String kind) {
            return limits.get(kind);
        }

        @Override
        public void setLimit(String kind, long limit) {
            limits.put(kind, limit);
        }

        @Override
        public void resetPeak(String kind) {
            peaksReset.add(kind);
        }

        @Override
        public List<OpenSite> openSites() {
            return sites;
        }

        @Override
        public List<ResourceEntry> openAcquiredIn(long afterMillis, long upToMillis) {
            List<ResourceEntry> out = new ArrayList<>();
            for (ResourceEntry r : held) {
                if (r.acquiredAt().toEpochMilli() > afterMillis && r.acquiredAt().toEpochMilli() <= upToMillis) {
                    out.add(r);
                }
            }
            return out;
        }

        @Override
        public long agentFailures() {
            return 0;
        }

        @Override
        public String report(String kind, String format) {
            return kind + " " + format;
        }

        @Override
        public String writeReport(String kind, String path) {
            return path;
        }

        @Override
        public long mark() {
            return 1;
        }

        @Override
        public String openSince(long mark, String format) {
            return "since " + mark;
        }
    }
}
