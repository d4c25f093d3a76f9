package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import io.leakwatch.it.apps.LiveApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live view over real JMX connectors: a child JVM ({@link LiveApp}) with the agent holds a known set of
 * resources; the test connects as JConsole would (the {@code jmxremote} connector on the loopback interface, or by
 * attaching to the pid), reads every attribute of every leakwatch MBean, sets limits, invokes every operation and
 * receives the notifications.
 */
class JmxTest {
    static final String[] KINDS = {"file", "socket", "pipe", "selector", "threadpool", "jdbc", "jdbcpool", "cuda",
                                  "process", "thread", "tempfile"};
    static final ObjectName LEAKWATCH = name("io.leakwatch:type=LeakWatch");
    static final ObjectName PROCESS = name("io.leakwatch:type=Process");
    /** The kinds' beans, the agent's and the Process MBean. */
    static final int BEANS = KINDS.length + 2;
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectName kind(String kind) {
        return name("io.leakwatch:type=Resources,kind=" + kind);
    }

    @ParameterizedTest
    @MethodSource("io.leakwatch.it.Jdk#all")
    void everyAttributeOperationAndNotificationOverARemoteConnector(Jdk jdk) throws Exception {
        seen.clear();
        unmatched.clear();
        int port = JmxChild.freePort();
        try (JmxChild app = JmxChild.start(jdk, "jmx-remote", "summary=false,holdthreshold=300ms",
                                             JmxChild.jmxRemote(port), LiveApp.class, "service")) {
            app.await("READY");
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            try (JMXConnector connector = connect(url, app)) {
                MBeanServerConnection s = connector.getMBeanServerConnection();
                awaitRegistered(s, app);
                // the JDK's jmxremote connector made the platform MBeanServer as the JVM started: the beans went
                // into it then, before main
                assertEquals(Integer.toString(BEANS), app.value("beansAtMain"), app.describe());
                String held = app.site("held");
                String pool = app.site("pool");

                Set<ObjectName> expected = new HashSet<>();
                expected.add(LEAKWATCH);
                // the Process MBean (its own tests check it) is registered with the others
                expected.add(PROCESS);
                for (String k : KINDS) {
                    expected.add(kind(k));
                }
                assertEquals(expected, s.queryNames(name("io.leakwatch:*"), null));
                // what a console's overview reads: the OperatingSystem MXBean reads cgroup files through the JDK's
                // MBeanServer, which are the JVM's own, never counted as the application's files
                readEveryAttribute(s, Set.of(name("java.lang:type=OperatingSystem")));
                // the beans were registered as the JVM started; top sites are at most about a second old
                awaitTopSites(s, kind("file"), app);
                Map<ObjectName, Map<String, Object>> all = readEveryAttribute(s, expected);

                Map<String, Object> file = all.get(kind("file"));
                assertEquals(new TreeSet<>(List.of("Kind", "OpenCount", "PeakOpenCount", "AcquiredCount",
                                                   "ReleasedCount", "LeakedCount", "Limit", "Occupancy",
                                                   "OccupancyLevel",
                                                   "OccupancyPercent", "HoldTimeCount", "HoldTimeP50Millis",
                                                   "HoldTimeP90Millis", "HoldTimeP99Millis", "HoldTimeMaxMillis",
                                                   "TopSites", "ReleasePlaces", "SecondReleases", "OpenHistory")),
                             new TreeSet<>(file.keySet()));
                assertEquals("file", file.get("Kind"));
                assertEquals(10L, file.get("OpenCount"));
                assertEquals(14L, file.get("PeakOpenCount"));
                assertEquals(14L, file.get("AcquiredCount"));
                assertEquals(4L, file.get("ReleasedCount"));
                assertEquals(0L, file.get("LeakedCount"));
                assertEquals(-1L, file.get("Limit"));
                assertEquals("NORMAL", file.get("Occupancy"));
                assertEquals(0, file.get("OccupancyLevel"));
                assertEquals(-1.0, file.get("OccupancyPercent"));
                // the four closed files were held about 200 ms (the registry's clock has 5 ms resolution)
                assertEquals(4L, file.get("HoldTimeCount"));
                long p50 = (Long) file.get("HoldTimeP50Millis");
                assertTrue(p50 >= 190 && p50 < 5000, "p50 " + p50);
                assertTrue((Long) file.get("HoldTimeP90Millis") >= p50);
                assertTrue((Long) file.get("HoldTimeP99Millis") >= (Long) file.get("HoldTimeP90Millis"));
                assertTrue((Long) file.get("HoldTimeMaxMillis") >= (Long) file.get("HoldTimeP99Millis"));
                CompositeData[] fileSites = (CompositeData[]) file.get("TopSites");
                assertEquals(1, fileSites.length, List.of(fileSites).toString());
                assertEquals(held, fileSites[0].get("site"));
                assertEquals(10L, fileSites[0].get("openCount"));
                assertEquals(-1L, fileSites[0].get("bytes"));
                assertEquals("", fileSites[0].get("test"), "no test runs in this program");
                assertTrue((Long) fileSites[0].get("oldestAgeMillis") >= 1000, fileSites[0].toString());

                // where the four were closed: one acquiring line, one closing line, their hold times
                CompositeData[] places = (CompositeData[]) file.get("ReleasePlaces");
                assertEquals(1, places.length, List.of(places).toString());
                assertEquals(app.site("closed"), places[0].get("site"));
                assertEquals(app.site("closing"), places[0].get("place"));
                assertEquals(4L, places[0].get("releasedCount"));
                assertEquals(0L, places[0].get("otherThreadCount"));
                long pairP50 = (Long) places[0].get("holdTimeP50Millis");
                assertTrue(pairP50 >= 190 && pairP50 < 5000, "p50 " + pairP50);
                assertTrue((Long) places[0].get("holdTimeMaxMillis") >= pairP50);
                assertEquals(0L, places[0].get("siteOpenCount"));
                assertEquals(0L, places[0].get("siteLeakedCount"));
                assertEquals(0, ((CompositeData[]) file.get("SecondReleases")).length);
                // the open count over the run, a sample a second: from 0 at the agent's start up to the 10 held
                CompositeData[] history = (CompositeData[]) file.get("OpenHistory");
                assertTrue(history.length >= 2, List.of(history).toString());
                assertEquals(0L, history[0].get("openCount"));
                long maxOpen = 0;
                for (int i = 0; i < history.length; i++) {
                    maxOpen = Math.max(maxOpen, (Long) history[i].get("openCount"));
                    if (i > 0) {
                        assertTrue((Long) history[i].get("timeMillis") > (Long) history[i - 1].get("timeMillis"));
                    }
                }
                assertTrue(maxOpen >= 10 && maxOpen <= 14, List.of(history).toString());

                Map<String, Object> pools = all.get(kind("threadpool"));
                assertEquals(1L, pools.get("OpenCount"));
                assertEquals(1L, pools.get("AcquiredCount"));
                assertEquals(0L, pools.get("ReleasedCount"));
                assertEquals(0L, pools.get("HoldTimeCount"));
                assertEquals(0L, pools.get("HoldTimeP50Millis"));
                CompositeData[] poolSites = (CompositeData[]) pools.get("TopSites");
                assertEquals(1, poolSites.length);
                assertEquals(pool, poolSites[0].get("site"));
                assertEquals(1L, poolSites[0].get("openCount"));
                for (String k : List.of("socket", "pipe", "selector", "jdbc", "jdbcpool", "cuda", "process")) {
                    Map<String, Object> other = all.get(kind(k));
                    assertEquals(0L, other.get("OpenCount"), k);
                    assertEquals(0L, other.get("AcquiredCount"), k);
                    assertEquals(0, ((CompositeData[]) other.get("TopSites")).length, k);
                }
                assertEquals(0L, all.get(kind("cuda")).get("OpenBytes"));
                assertFalse(file.containsKey("OpenBytes"), "only kinds measured in bytes have OpenBytes");

                Map<String, Object> total = all.get(LEAKWATCH);
                assertEquals(List.of(KINDS), List.of((String[]) total.get("EnabledKinds")));
                assertEquals(11L, total.get("OpenCount"));
                // the 15 the scenario holds and closes, and its temporary file, handed to deleteOnExit
                assertEquals(16L, total.get("AcquiredCount"));
                assertEquals(5L, total.get("ReleasedCount"));
                assertEquals(0L, total.get("LeakedCount"));
                assertEquals(0L, total.get("AgentFailures"));
                assertEquals(0L, total.get("TraceDroppedEvents"), "no trace");
                assertEquals(300L, total.get("HoldThresholdMillis"));
                // held apart: the JMX connector's RMI sockets and pools are the JVM's; no runner, no other agent here
                assertTrue((Long) total.get("JvmInternalOpenCount") >= 1, total.toString());
                assertEquals(0L, total.get("TestRunnerOpenCount"));
                assertEquals(0L, total.get("OtherAgentsOpenCount"));
                assertEquals(0L, total.get("UnusedPoolCount"));

                // listening from here on: the files opened after the mark pass the hold threshold meanwhile
                BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
                NotificationListener listener = (n, handback) -> received.add(n);
                s.addNotificationListener(kind("file"), listener, null, null);
                reportsAndCheckpoints(s, app, held, pool);
                limitsAndNotifications(s, app, received, held);
                s.removeNotificationListener(kind("file"), listener);
            }
        }
    }

    /** The operations: reports in both formats, a bad format, written reports, the peak reset, mark and openSince. */
    private static void reportsAndCheckpoints(MBeanServerConnection s, JmxChild app, String held, String pool)
        throws Exception {
        String text = (String) invoke(s, kind("file"), "report", "text");
        assertTrue(text.contains("Open file: 10 resources"), text);
        assertTrue(text.contains("#0 " + held), text);
        assertTrue(text.contains("file: open 10, leaked 0, peak 14, acquired 14, released 4"), text);
        assertFalse(text.contains("threadpool"), "a kind's report is of that kind only:\n" + text);
        JsonNode json = JSON.readTree((String) invoke(s, kind("file"), "report", "json"));
        assertEquals("leakwatch-report/2", json.get("format").asText());
        assertEquals("jmx", json.get("reason").asText());
        assertEquals(List.of("file"), fieldNames(json.get("counts")));
        assertEquals(10, json.get("counts").get("file").get("open").asInt());
        assertEquals(10, json.get("resources").size());
        for (JsonNode r : json.get("resources")) {
            assertEquals(held, r.get("stack").get(0).asText());
        }
        Exception bad = assertThrows(Exception.class, () -> invoke(s, kind("file"), "report", "xml"));
        assertTrue(messages(bad).contains("'xml' is not a report format; valid: text, json"), messages(bad));

        JsonNode whole = JSON.readTree((String) invoke(s, LEAKWATCH, "report", "json"));
        assertEquals(10, whole.get("counts").get("file").get("open").asInt());
        assertEquals(1, whole.get("counts").get("threadpool").get("open").asInt());
        assertEquals(11, whole.get("resources").size());

        Path dir = app.dir();
        String written = (String) invoke(s, kind("file"), "writeReport", dir.resolve("file-{pid}.json").toString());
        assertEquals(dir.resolve("file-" + app.pid() + ".json").toString(), written);
        JsonNode fromFile = JSON.readTree(Path.of(written).toFile());
        assertEquals(10, fromFile.get("counts").get("file").get("open").asInt());
        String allText = (String) invoke(s, LEAKWATCH, "writeReport", dir.resolve("all.txt").toString());
        String allReport = Files.readString(Path.of(allText));
        assertTrue(allReport.contains("SUMMARY: leakwatch: 11 open, 0 leaked resource(s) from 2 site(s)."), allReport);
        assertTrue(allReport.contains("#0 " + pool), allReport);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> temporary = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
                .collect(Collectors.toList());
            assertEquals(List.of(), temporary, "temporary files left by writeReport");
        }

        assertEquals(14L, s.getAttribute(kind("file"), "PeakOpenCount"));
        invoke(s, kind("file"), "resetPeak");
        assertEquals(10L, s.getAttribute(kind("file"), "PeakOpenCount"));

        long mark = (Long) invoke(s, LEAKWATCH, "mark");
        app.send("open-more 3");
        String more = app.site("more");
        JsonNode since = JSON.readTree((String) s.invoke(LEAKWATCH, "openSince", new Object[] {mark, "json"},
                                                         new String[] {"long", String.class.getName()}));
        assertEquals(3, since.get("resources").size(), since.toString());
        for (JsonNode r : since.get("resources")) {
            assertEquals("file", r.get("kind").asText());
            assertEquals(more, r.get("stack").get(0).asText());
        }
        String sinceText = (String) s.invoke(LEAKWATCH, "openSince", new Object[] {mark, "text"},
                                             new String[] {"long", String.class.getName()});
        assertTrue(sinceText.contains("Open file: 3 resources"), sinceText);
        assertFalse(sinceText.contains(held), sinceText);
        assertEquals(13L, s.getAttribute(kind("file"), "PeakOpenCount"));
    }

    /** Occupancy WARNING, CRITICAL and back to NORMAL through the Limit attribute; resources held too long. */
    private static void limitsAndNotifications(MBeanServerConnection s, JmxChild app,
                                               BlockingQueue<Notification> received, String held) throws Exception {
        String more = app.site("more");

        // 13 files open (10 held, 3 more): 13 of 16 is 81%, WARNING; of 13, 100%: CRITICAL
        s.setAttribute(kind("file"), new Attribute("Limit", 16L));
        assertEquals(16L, s.getAttribute(kind("file"), "Limit"));
        CompositeData warning = (CompositeData) awaitNotification(received, "io.leakwatch.occupancy.warning", app).getUserData();
        assertEquals("WARNING", warning.get("state"));
        assertEquals("NORMAL", warning.get("previousState"));
        assertEquals(13L, warning.get("open"));
        assertEquals(16L, warning.get("limit"));
        assertEquals("WARNING", s.getAttribute(kind("file"), "Occupancy"));
        assertEquals(81.25, (Double) s.getAttribute(kind("file"), "OccupancyPercent"), 0.001);

        s.setAttribute(kind("file"), new Attribute("Limit", 13L));
        CompositeData critical = (CompositeData) awaitNotification(received, "io.leakwatch.occupancy.critical", app).getUserData();
        assertEquals("CRITICAL", critical.get("state"));
        assertEquals("WARNING", critical.get("previousState"));
        assertEquals("CRITICAL", s.getAttribute(kind("file"), "Occupancy"));

        // the next acquisition at the limit: the limits' enforcement (onlimit=warn) announces the crossing, once
        app.send("open-more 1");
        CompositeData reached = (CompositeData) awaitNotification(received, "io.leakwatch.limit.reached", app)
            .getUserData();
        assertEquals(List.of("file", 13L, 13L, false, held),
                     List.of(reached.getAll(new String[] {"kind", "open", "limit", "refused", "topSite"})));

        Exception bad = assertThrows(Exception.class,
                                     () -> s.setAttribute(kind("file"), new Attribute("Limit", -5L)));
        assertTrue(messages(bad).contains("Limit is -1 (no limit) or 0 or more, not -5"), messages(bad));

        // the three files opened after the mark pass holdthreshold=300ms while the test listens: one each
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Notification n = awaitNotification(received, "io.leakwatch.hold.exceeded", app, more);
            CompositeData d = (CompositeData) n.getUserData();
            assertEquals("file", d.get("kind"));
            assertTrue((Long) d.get("heldMillis") >= 300, d.toString());
            assertTrue(((String) d.get("description")).contains("leakwatch-live"), d.toString());
            assertTrue(((String) d.get("description")).endsWith(" (read)"), d.toString());
            assertEquals("main", d.get("thread"));
            ids.add((Long) d.get("id"));
        }
        assertEquals(3, ids.size(), "one notification per resource: " + ids);

        app.send("close-held");
        CompositeData normal = (CompositeData) awaitNotification(received, "io.leakwatch.occupancy.normal", app).getUserData();
        assertEquals("NORMAL", normal.get("state"));
        assertEquals("CRITICAL", normal.get("previousState"));
        assertEquals(4L, normal.get("open"));
        assertEquals(13L, normal.get("limit"));
        // the ten held files were held for seconds: now in the hold times too (4 closed at the start, 10 now)
        assertEquals(14L, s.getAttribute(kind("file"), "HoldTimeCount"));
        assertEquals(14L, s.getAttribute(kind("file"), "ReleasedCount"));
        assertTrue((Long) s.getAttribute(kind("file"), "HoldTimeMaxMillis") >= 1000);

        s.setAttribute(kind("file"), new Attribute("Limit", -1L));
        assertEquals(-1L, s.getAttribute(kind("file"), "Limit"));
        assertEquals(-1.0, s.getAttribute(kind("file"), "OccupancyPercent"));
        List<String> occupancy = new ArrayList<>();
        for (Notification n : seen) {
            if (n.getType().startsWith("io.leakwatch.occupancy.")) {
                occupancy.add(n.getType());
            }
        }
        assertEquals(List.of("io.leakwatch.occupancy.warning", "io.leakwatch.occupancy.critical",
                             "io.leakwatch.occupancy.normal"), occupancy);
        assertEquals(1, seen.stream().filter(n -> n.getType().equals("io.leakwatch.limit.reached")).count());
        List<String> agentLines = app.stderr().lines().filter(l -> l.startsWith("leakwatch:")).toList();
        assertEquals(1, agentLines.size(), app.stderr());
        assertTrue(agentLines.get(0).startsWith("leakwatch: limit.file=13 reached (13 open), allowed (onlimit=warn)"),
                   app.stderr());
        seen.clear();
        unmatched.clear();
    }

    @ParameterizedTest
    @MethodSource("io.leakwatch.it.Jdk#all")
    void attachByPidAsJConsoleDoes(Jdk jdk) throws Exception {
        try (JmxChild app = JmxChild.start(jdk, "jmx-attach", "summary=false", List.of(), LiveApp.class,
                                             "service")) {
            app.await("READY");
            VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            assertTrue(address.startsWith("service:jmx:rmi://127.0.0.1/"), address);
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection s = connector.getMBeanServerConnection();
                awaitRegistered(s, app);
                assertEquals(10L, s.getAttribute(kind("file"), "OpenCount"));
                assertEquals(List.of(KINDS), List.of((String[]) s.getAttribute(LEAKWATCH, "EnabledKinds")));
            }
            // no platform MBeanServer existed before main, so certainly no leakwatch bean; attaching made it
            assertEquals("0", app.value("beansAtMain"));
        }
    }

    /**
     * An application that chooses its own MBeanServer builder and log manager, on the command line or in the first
     * line of main: both are in force (the agent made no MBeanServer), and the server it makes holds every bean as
     * soon as {@code getPlatformMBeanServer} returns.
     */
    @ParameterizedTest
    @MethodSource("io.leakwatch.it.Jdk#all")
    void anApplicationsOwnMBeanServerBuilderAndLogManagerStayInForce(Jdk jdk) {
        String builder = LiveApp.Builder.class.getName();
        String logManager = LiveApp.AppLogManager.class.getName();
        List<String> flags = List.of("-Djavax.management.builder.initial=" + builder,
                                     "-Djava.util.logging.manager=" + logManager);
        for (String mode : List.of("custom", "custom-in-main")) {
            try (JmxChild app = JmxChild.start(jdk, "jmx-" + mode, "summary=false",
                                                 mode.equals("custom") ? flags : List.of(), LiveApp.class, mode)) {
                app.await("READY");
                assertEquals("0", app.value("beansAtMain"), mode);
                assertEquals("0", app.value("serversBefore"), mode);
                assertEquals("1", app.value("builderCalls"), mode + ": the platform MBeanServer came from the "
                                                              + "application's builder\n" + app.describe());
                assertEquals(Integer.toString(BEANS), app.value("platformBeans"), mode);
                assertEquals(logManager, app.value("logManager"), mode);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.leakwatch.it.Jdk#all")
    void noMBeanServerNorThreadUntilSomethingAsksAndNoneAtAllWithJmxFalse(Jdk jdk) {
        Result r = AgentRun.of(jdk, "jmx-false", LiveApp.class, "nojmx").agentOptions("jmx=false,summary=false")
            .run().expectSuccess();
        r.check(() -> assertEquals("false", r.value("liveThreadAtMain")),
                () -> assertEquals("false", r.value("liveThread")),
                () -> assertEquals("0", r.value("servers")),
                () -> assertEquals("0", r.value("beans")),
                () -> assertEquals("false", r.value("liveThreadAfter")));
        Result on = AgentRun.of(jdk, "jmx-true", LiveApp.class, "nojmx").agentOptions("summary=false")
            .run().expectSuccess();
        // three seconds after main, nobody has asked: no server, no thread; the first ask registers every bean
        on.check(() -> assertEquals("false", on.value("liveThreadAtMain")),
                 () -> assertEquals("false", on.value("liveThread")),
                 () -> assertEquals("0", on.value("servers")),
                 () -> assertEquals(Integer.toString(BEANS), on.value("beans")),
                 () -> assertEquals("true", on.value("liveThreadAfter")));
    }

    /** Every notification received, in order, and those no await has taken yet. */
    private static final List<Notification> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final List<Notification> unmatched = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Waits (15 s at most) for a notification of {@code type} (and, if given, of the resource at {@code site}). */
    private static Notification awaitNotification(BlockingQueue<Notification> queue, String type, JmxChild app,
                                                  String... site) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<String> other = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            for (Notification n : unmatched) {
                if (n.getType().equals(type) && (site.length == 0
                                                 || site[0].equals(((CompositeData) n.getUserData()).get("site")))) {
                    unmatched.remove(n);
                    return n;
                }
            }
            Notification n = queue.poll(100, TimeUnit.MILLISECONDS);
            if (n != null) {
                seen.add(n);
                unmatched.add(n);
            }
        }
        for (Notification n : unmatched) {
            other.add(n.getType() + ": " + n.getMessage());
        }
        throw new AssertionError("no " + type + " notification within 15 s; others: " + other + "\n" + app.describe());
    }

    private static Map<ObjectName, Map<String, Object>> readEveryAttribute(MBeanServerConnection s,
                                                                          Set<ObjectName> names) throws Exception {
        Map<ObjectName, Map<String, Object>> all = new LinkedHashMap<>();
        for (ObjectName n : names) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (MBeanAttributeInfo a : s.getMBeanInfo(n).getAttributes()) {
                assertTrue(a.isReadable(), n + " " + a.getName());
                // open types only: every value is a JDK type, readable by any client
                Object v = s.getAttribute(n, a.getName());
                Class<?> type = v == null ? Object.class : v.getClass().isArray() ? v.getClass().getComponentType()
                    : v.getClass();
                assertTrue(type.getName().startsWith("java.")
                           || type.getName().startsWith("javax.management.openmbean.")
                           || type == ObjectName.class, n + " " + a.getName()
                                                                                         + ": " + type);
                values.put(a.getName(), v);
            }
            all.put(n, values);
        }
        return all;
    }

    private static Object invoke(MBeanServerConnection s, ObjectName bean, String operation, String... args)
        throws Exception {
        String[] signature = new String[args.length];
        java.util.Arrays.fill(signature, String.class.getName());
        return s.invoke(bean, operation, args, signature);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The messages of {@code t} and its causes, for asserting what a remote client is told. */
    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" | ");
        }
        return sb.toString();
    }

    private static JMXConnector connect(JMXServiceURL url, JmxChild app) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                return JMXConnectorFactory.connect(url);
            } catch (Exception e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("cannot connect to " + url + ": " + last + "\n" + app.describe());
    }

    /** Waits (5 s at most) until the top sites of {@code bean} list a site: they are made by the live view's poll. */
    private static void awaitTopSites(MBeanServerConnection s, ObjectName bean, JmxChild app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (((CompositeData[]) s.getAttribute(bean, "TopSites")).length == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(bean + " lists no top site within 5 s\n" + app.describe());
            }
            Thread.sleep(100);
        }
    }

    private static void awaitRegistered(MBeanServerConnection s, JmxChild app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!s.isRegistered(LEAKWATCH)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("io.leakwatch:type=LeakWatch not registered within 30 s\n" + app.describe());
            }
            Thread.sleep(100);
        }
    }
}
