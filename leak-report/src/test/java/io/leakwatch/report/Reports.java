package io.leakwatch.report;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample reports shared by the tests. */
public final class Reports {

    static final Instant CREATED = Instant.parse("2024-03-05T07:08:09.012Z");
    static final List<String> FILE_STACK = List.of("com.example.Foo.load(Foo.java:42)",
            "com.example.Main.main(Main.java:7)");
    static final List<String> SOCKET_STACK = List.of("com.example.Client.connect(Client.java:10)");

    private Reports() {
    }

    /** Two kinds, two sites, one resource of each kind, JVM-internal resources present. */
    public static LeakReport sample() {
        Map<String, KindCounts> counts = new LinkedHashMap<>();
        // Deliberately not alphabetical: both formats must keep the map's order.
        counts.put("socket", new KindCounts(0, 2, 4, 10, 8));
        counts.put("file", new KindCounts(3, 1, 9, 120, 116));
        List<ResourceEntry> resources = List.of(
                new ResourceEntry(17, "file", ResourceState.OPEN, "data/orders.csv (read)", "main",
                        Instant.parse("2024-03-05T07:08:07.778Z"), 1234, FILE_STACK),
                new ResourceEntry(18, "socket", ResourceState.LEAKED, "/127.0.0.1:40000 -> /127.0.0.1:8080",
                        "worker-1", Instant.parse("2024-03-05T07:08:08Z"), 1012, SOCKET_STACK));
        List<SiteEntry> sites = List.of(
                new SiteEntry("file", ResourceState.OPEN, 500, FILE_STACK,
                        List.of("data/orders.csv (read)", "data/x.csv (read)", "data/y.csv (read)",
                                "data/z.csv (read)")),
                new SiteEntry("socket", ResourceState.LEAKED, 2, SOCKET_STACK,
                        List.of("/127.0.0.1:40000 -> /127.0.0.1:8080")));
        return new LeakReport(CREATED, "exit", new JvmInfo(1234, "17.0.15"), counts, resources, sites, 2);
    }

    /** {@link #sample()} with resources of the test runner and of another agent listed, and pools dropped unused. */
    public static LeakReport withHeldApart() {
        HeldApart apart = new HeldApart(2, 1, 1, 4, List.of(
                new HeldApart.OwnedSite("runner", new SiteEntry("threadpool", ResourceState.OPEN, 1,
                        List.of("org.apache.maven.surefire.booter.ForkedBooter.getJvmTerminator(ForkedBooter.java:398)"),
                        List.of("java.util.concurrent.ScheduledThreadPoolExecutor core 1, max 2147483647"))),
                new HeldApart.OwnedSite("agents", new SiteEntry("file", ResourceState.OPEN, 1,
                        List.of("org.jacoco.agent.rt.internal_aeaf9ab.output.FileOutput.openFile(FileOutput.java:77)"),
                        List.of("target/jacoco.exec (write)")))));
        return sample().withHeldApart(apart);
    }

    static final List<String> CLOSE_STACK = List.of("com.example.Foo.close(Foo.java:50)",
            "com.example.Main.main(Main.java:8)");
    static final List<String> WORKER_STACK = List.of("com.example.Worker.finish(Worker.java:12)");
    static final List<String> DAO_STACK = List.of("com.example.Dao.get(Dao.java:20)");
    static final List<String> DAO_RELEASE_STACK = List.of("com.example.Dao.release(Dao.java:30)");

    /**
     * Two release sites: files released at two places (one on other threads) and closed twice (information), and
     * JDBC connections released at one place, without a close call and twice where no stack was recorded, one closed
     * twice (a finding).
     */
    static List<ReleaseSite> releaseSites() {
        return List.of(
                new ReleaseSite("file", FILE_STACK, 3, 0, List.of(
                        new ReleasePlace(CLOSE_STACK, 97, 0, List.of("main"), new HoldPercentiles(97, 5, 10, 20, 25)),
                        new ReleasePlace(WORKER_STACK, 3, 3, List.of("worker-1", "worker-2"),
                                         new HoldPercentiles(3, 1, 2, 2, 2))),
                        List.of(new DoubleRelease(CLOSE_STACK, List.of("com.example.Foo.cleanup(Foo.java:60)"), 2)),
                        false),
                new ReleaseSite("jdbc", DAO_STACK, 0, 1, List.of(
                        new ReleasePlace(DAO_RELEASE_STACK, 6, 0, List.of("main"), new HoldPercentiles(6, 3, 4, 4, 4)),
                        new ReleasePlace(List.of(), 4, 0, List.of())),
                        List.of(new DoubleRelease(DAO_RELEASE_STACK, List.of("com.example.Dao.shutdown(Dao.java:44)"),
                                                  1)),
                        true, 2));
    }

    /** {@link #sample()} with {@link #releaseSites()}. */
    public static LeakReport withReleases() {
        return sample().withReleases(releaseSites());
    }

    /** Nothing tracked at all. */
    public static LeakReport empty() {
        return new LeakReport(CREATED, "request", new JvmInfo(42, "17.0.15"), Map.of(), List.of(), List.of(), 0);
    }

    static String render(ReportFormatType type, LeakReport report) throws IOException {
        return render(ReportFormats.of(type), report);
    }

    static String render(ReportFormat format, LeakReport report) throws IOException {
        StringWriter out = new StringWriter();
        format.write(report, out);
        return out.toString();
    }
}
