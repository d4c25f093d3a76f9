package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.ThreadPoolApis;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kind {@code threadpool}: every pool API left running, shut down and dropped, a pool per request, and the pools of the
 * JDK itself (see {@link ThreadPoolApis}).
 */
class ThreadPoolTest {
    static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    static final String STPE = "java.util.concurrent.ScheduledThreadPoolExecutor";
    static final String FJP = "java.util.concurrent.ForkJoinPool";
    static final String PER_TASK = "java.util.concurrent.ThreadPerTaskExecutor";
    static final String SUBCLASS = ThreadPoolApis.class.getName() + "$CountingPool";
    static final int MAX = Integer.MAX_VALUE;
    static final Pattern DEFAULT_PREFIX = Pattern.compile("pool-(\\d+)-thread-");
    /** The sites {@code apis} announces on JDK 21+ only, by reflection. */
    static final List<String> JDK21_SITES = List.of("virtual-per-task", "thread-per-task");

    /** Site to the description its pool must have when left running ({@code apis open}). */
    static Map<String, String> openDescriptions(Result r) {
        int cpus = Integer.parseInt(r.value("cpus"));
        Map<String, String> d = new LinkedHashMap<>();
        d.put("tpe-new", TPE + " core 2, max 4" + names(r, "tpe-new") + "; 1 live threads, 0 queued tasks");
        d.put("tpe-factory", TPE + " core 1, max 1; 1 live threads, 2 queued tasks");
        d.put("tpe-subclass", SUBCLASS + " core 3, max 5" + names(r, "tpe-subclass") + "; 0 live threads, 0 queued tasks");
        d.put("stpe-new", STPE + " core 1, max " + MAX + names(r, "stpe-new") + "; 0 live threads, 0 queued tasks");
        d.put("fixed", TPE + " core 2, max 2" + names(r, "fixed") + "; 1 live threads, 0 queued tasks");
        d.put("fixed-factory", TPE + " core 2, max 2; 0 live threads, 0 queued tasks");
        d.put("cached", TPE + " core 0, max " + MAX + names(r, "cached") + "; 1 live threads, 0 queued tasks");
        d.put("single", TPE + " core 1, max 1" + names(r, "single") + "; 1 live threads, 0 queued tasks");
        d.put("single-factory", TPE + " core 1, max 1; 0 live threads, 0 queued tasks");
        d.put("scheduled", STPE + " core 2, max " + MAX + names(r, "scheduled") + "; 2 live threads, 1 queued tasks");
        d.put("single-scheduled", STPE + " core 1, max " + MAX + names(r, "single-scheduled")
                                   + "; 1 live threads, 1 queued tasks");
        d.put("unconfigurable", TPE + " core 3, max 3" + names(r, "unconfigurable") + "; 1 live threads, 0 queued tasks");
        d.put("unconfigurable-scheduled", STPE + " core 1, max " + MAX + names(r, "unconfigurable-scheduled")
                                           + "; 1 live threads, 0 queued tasks");
        d.put("fork-join", FJP + " parallelism 3; 0 live threads, 0 queued tasks");
        d.put("fork-join-default", FJP + " parallelism " + cpus + "; 0 live threads, 0 queued tasks");
        d.put("fork-join-task", FJP + " parallelism 1; 1 live threads, 0 queued tasks");
        d.put("work-stealing", FJP + " parallelism " + cpus + "; 0 live threads, 0 queued tasks");
        d.put("work-stealing-4", FJP + " parallelism 4; 0 live threads, 0 queued tasks");
        if (r.jdk().feature() >= 21) {
            d.put("virtual-per-task", PER_TASK);
            d.put("thread-per-task", PER_TASK);
        }
        return d;
    }

    /** {@code , thread names pool-K-thread-N}, K as the scenario read it from the pool's threads. */
    static String names(Result r, String site) {
        return ", thread names " + r.value("prefix." + site) + "N";
    }

    /** Every {@code prefix.*} value is a default thread factory's, and no two pools share one. */
    static Executable prefixesWellFormedAndDistinct(Result r) {
        return () -> {
            List<String> prefixes = new ArrayList<>();
            for (String line : r.stdoutLines()) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3 && parts[0].equals("VAL") && parts[1].startsWith("prefix.")) {
                    prefixes.add(parts[2].trim());
                    assertTrue(DEFAULT_PREFIX.matcher(parts[2].trim()).matches(), "prefix of " + line);
                }
            }
            assertEquals(prefixes.size(), new HashSet<>(prefixes).size(), "distinct prefixes " + prefixes);
        };
    }

    /** The JDK 21+ APIs ran exactly where they exist, and on older JDKs announced no site. */
    static Executable jdk21ApisAsAvailable(Result r) {
        return () -> {
            boolean available = r.jdk().feature() >= 21;
            for (String site : JDK21_SITES) {
                assertEquals(available ? "ran" : "absent", r.value(site), site + " on " + r.jdk());
                if (!available) {
                    assertFalse(r.stdout().contains("SITE " + site + " "), site + " announced on " + r.jdk());
                }
            }
            assertEquals(r.jdk().feature() >= 19, Boolean.parseBoolean(r.value("closeable")),
                         "ExecutorService is AutoCloseable on " + r.jdk());
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void poolsLeftRunningAreReportedOpen(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pools-open", ThreadPoolApis.class, "apis", "open").run().expectSuccess();
        Map<String, String> descriptions = openDescriptions(r);
        List<Executable> checks = new ArrayList<>();
        descriptions.forEach((site, description) -> checks.add(Expect.one(r, site, "threadpool", "open", description)));
        checks.add(() -> {
            // the app's subclass: its super(...) line first, then the line that made the pool
            JsonNode stack = r.resourcesAt("tpe-subclass").get(0).path("stack");
            assertEquals(r.site("tpe-subclass-new"), stack.path(1).asText(), "stack[1] of the subclass pool");
        });
        checks.add(jdk21ApisAsAvailable(r));
        checks.add(prefixesWellFormedAndDistinct(r));
        checks.add(r.counts("threadpool", descriptions.size(), 0));
        checks.add(() -> assertEquals(descriptions.size(), r.count("threadpool", "acquired"), "threadpool.acquired"));
        checks.add(() -> assertEquals(0, r.count("threadpool", "released"), "threadpool.released"));
        checks.add(() -> assertEquals(descriptions.size(), r.count("threadpool", "peak"), "threadpool.peak"));
        checks.add(() -> assertEquals(descriptions.size(), r.resources().size(), "resources in all"));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        checks.add(r.countsConsistent("threadpool"));
        r.check(checks.toArray(Executable[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void poolsShutDownReportNothing(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pools-closed", ThreadPoolApis.class, "apis", "closed").run().expectSuccess();
        int expected = 18 + (jdk.feature() >= 21 ? JDK21_SITES.size() : 0);
        List<String> sites = new ArrayList<>(List.of(
            "tpe-new", "tpe-factory", "tpe-subclass", "stpe-new", "fixed", "fixed-factory", "cached", "single",
            "single-factory", "scheduled", "single-scheduled", "unconfigurable", "unconfigurable-scheduled", "fork-join",
            "fork-join-default", "fork-join-task", "work-stealing", "work-stealing-4"));
        if (jdk.feature() >= 21) {
            sites.addAll(JDK21_SITES);
        }
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(expected, sites.size(), "sites this test knows"));
        sites.forEach(site -> checks.add(Expect.none(r, site)));
        checks.add(jdk21ApisAsAvailable(r));
        checks.add(() -> assertEquals(List.of(), r.resources(), "resources"));
        checks.add(() -> assertEquals(List.of(), r.sites(), "sites"));
        checks.add(r.counts("threadpool", 0, 0));
        checks.add(() -> assertEquals(expected, r.count("threadpool", "acquired"), "threadpool.acquired"));
        checks.add(() -> assertEquals(expected, r.count("threadpool", "released"),
                                      "threadpool.released (once per pool, however often shut down)"));
        checks.add(r.countsConsistent());
        checks.add(r.countsConsistent("threadpool"));
        r.check(checks.toArray(Executable[]::new));
    }

    /**
     * Dropped without shutdown: a pool that never had a thread, and the pools behind single-thread executors (shut down
     * by the JDK's finalizer or cleaner once the wrapper is collected), are leaked; pools whose idle workers keep them
     * reachable stay open.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void droppedPoolsAreLeakedUnlessTheirThreadsKeepThemAlive(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pools-dropped", ThreadPoolApis.class, "dropped").run().expectSuccess();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals("true", r.value("collected"),
                                      "every dropped single-thread executor was collected and its pool shut down"));
        // it never started a thread, so it held nothing: counted apart, not as a leak
        checks.add(() -> assertEquals(List.of(), r.resourcesAt("dropped-tpe"), "the threadless pool dropped"));
        checks.add(() -> assertEquals(1, r.report().path("heldApart").path("unusedPools").asLong(),
                                      "heldApart.unusedPools"));
        checks.add(Expect.one(r, "dropped-fork-join", "threadpool", "leaked", FJP + " parallelism 2"));
        checks.add(Expect.one(r, "dropped-single", "threadpool", "leaked",
                              TPE + " core 1, max 1" + names(r, "dropped-single")));
        checks.add(Expect.one(r, "dropped-single-factory", "threadpool", "leaked", TPE + " core 1, max 1"));
        checks.add(Expect.one(r, "dropped-fixed", "threadpool", "open",
                              TPE + " core 1, max 1" + names(r, "dropped-fixed") + "; 1 live threads, 0 queued tasks"));
        checks.add(Expect.one(r, "dropped-single-scheduled", "threadpool", "open",
                              STPE + " core 1, max " + MAX + names(r, "dropped-single-scheduled")
                              + "; 1 live threads, 0 queued tasks"));
        checks.add(prefixesWellFormedAndDistinct(r));
        checks.add(r.counts("threadpool", 2, 3));
        checks.add(() -> assertEquals(6, r.count("threadpool", "acquired"), "threadpool.acquired"));
        checks.add(() -> assertEquals(1, r.count("threadpool", "released"),
                                      "threadpool.released: the unused pool only (a finalizer's or cleaner's shutdown "
                                      + "is no release)"));
        checks.add(() -> assertEquals(5, r.resources().size(), "resources in all"));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        checks.add(r.countsConsistent("threadpool"));
        r.check(checks.toArray(Executable[]::new));
    }

    /**
     * Pools dropped before they ever started a thread held nothing: counted apart (and as released), not leaked; one
     * whose thread ran a task and ended before it was dropped did hold one: leaked.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void poolsDroppedBeforeStartingAThreadAreNotLeaks(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pools-dropped-unused", ThreadPoolApis.class, "dropped-unused").run().expectSuccess();
        r.check(
            () -> assertEquals("2", r.value("unused-mbean"), "the LeakWatch MBean's UnusedPoolCount"),
            () -> assertEquals(2, r.report().path("heldApart").path("unusedPools").asLong(), "heldApart.unusedPools"),
            () -> assertEquals(List.of(), r.resourcesAt("unused-single"), "the unused single-thread executor"),
            () -> assertEquals(List.of(), r.resourcesAt("unused-tpe"), "the unused pool"),
            Expect.one(r, "idle-then-dropped", "threadpool", "leaked", d -> d.startsWith(TPE + " core 0, max 1"),
                       "the pool that held a thread"),
            r.counts("threadpool", 0, 1),
            () -> assertEquals(3, r.count("threadpool", "acquired"), "threadpool.acquired"),
            () -> assertEquals(2, r.count("threadpool", "released"), "threadpool.released: the two unused pools"),
            r.onlyAnnouncedSites(),
            r.countsConsistent("threadpool"));
    }

    /** A fixed pool per request, never shut down: 300 open pools (their threads keep them alive) at one site. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void fixedPoolPerRequestIsOneSiteOf300OpenPools(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pools-per-request-fixed", ThreadPoolApis.class, "per-request-fixed").run()
            .expectSuccess();
        Pattern description = Pattern.compile(Pattern.quote(TPE + " core 2, max 2, thread names ")
                                              + "pool-(\\d+)-thread-N" + Pattern.quote("; 1 live threads, 0 queued tasks"));
        List<Executable> checks = new ArrayList<>();
        checks.add(Expect.many(r, "per-request-fixed", "threadpool", "open", ThreadPoolApis.REQUESTS,
                               d -> description.matcher(d).matches(), "matching " + description));
        checks.add(() -> assertEquals(ThreadPoolApis.REQUESTS, distinctPoolNumbers(r.resourcesAt("per-request-fixed"), description),
                                      "distinct pool-K-thread- prefixes"));
        checks.add(() -> assertEquals(1, r.sites().size(), "site entries in all: " + r.sites().size()));
        checks.add(r.counts("threadpool", ThreadPoolApis.REQUESTS, 0));
        checks.add(() -> assertEquals(ThreadPoolApis.REQUESTS, r.count("threadpool", "peak"), "threadpool.peak"));
        checks.add(() -> assertEquals(ThreadPoolApis.REQUESTS, r.count("threadpool", "acquired"), "threadpool.acquired"));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        checks.add(r.countsConsistent("threadpool"));
        r.check(checks.toArray(Executable[]::new));
    }

    /**
     * A single-thread executor per request, dropped: once collected (the scenario waits until all 300 workers ended),
     * all 300 pools are leaked at one site.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void singleThreadExecutorPerRequestIsOneSiteOf300LeakedPools(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pools-per-request-single", ThreadPoolApis.class, "per-request-single").run()
            .expectSuccess();
        Pattern description = Pattern.compile(Pattern.quote(TPE + " core 1, max 1, thread names ") + "pool-(\\d+)-thread-N");
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals("true", r.value("collected"),
                                      "all 300 dropped single-thread executors were collected and their pools shut down"));
        checks.add(Expect.many(r, "per-request-single", "threadpool", "leaked", ThreadPoolApis.REQUESTS,
                               d -> description.matcher(d).matches(), "matching " + description));
        checks.add(() -> assertEquals(ThreadPoolApis.REQUESTS, distinctPoolNumbers(r.resourcesAt("per-request-single"), description),
                                      "distinct pool-K-thread- prefixes"));
        checks.add(() -> assertEquals(1, r.sites().size(), "site entries in all: " + r.sites().size()));
        checks.add(r.counts("threadpool", 0, ThreadPoolApis.REQUESTS));
        checks.add(() -> assertEquals(ThreadPoolApis.REQUESTS, r.count("threadpool", "acquired"), "threadpool.acquired"));
        checks.add(() -> assertEquals(0, r.count("threadpool", "released"), "threadpool.released"));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        checks.add(r.countsConsistent("threadpool"));
        r.check(checks.toArray(Executable[]::new));
    }

    /**
     * The common pool (directly, through parallel streams and CompletableFuture), the CompletableFuture delayer, the
     * virtual-thread scheduler (JDK 21+), the process reaper, the default asynchronous channel group and the HTTP
     * client's executor are the JDK's: never listed, never counted as the application's. Run with
     * {@code kinds=threadpool}, so the report has nothing but pools.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void poolsOfTheJdkAreNeverListed(Jdk jdk) {
        Result r = AgentRun.of(jdk, "pools-jdk-owned", ThreadPoolApis.class, "jdk-owned")
            .agentOptions("report={dir}/report.json,kinds=threadpool").run().expectSuccess();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals("1 199990000 499500 2 true late", r.value("jdk-owned.values"), "the JDK's pools ran"));
        checks.add(() -> assertEquals(jdk.feature() >= 21 ? "ran" : "absent", r.value("virtual-thread"),
                                      "virtual thread on " + jdk));
        checks.add(() -> assertEquals("0", r.value("process.exit"), "exit value of 'true'"));
        checks.add(() -> assertEquals(List.of(), r.resources(), "resources"));
        checks.add(() -> assertEquals(List.of(), r.sites(), "sites"));
        checks.add(() -> {
            List<String> kinds = new ArrayList<>();
            r.report().path("counts").fieldNames().forEachRemaining(kinds::add);
            assertEquals(List.of("threadpool"), kinds, "kinds counted with kinds=threadpool");
        });
        checks.add(r.counts("threadpool", 0, 0));
        checks.add(() -> assertEquals(0, r.count("threadpool", "acquired"), "threadpool.acquired"));
        checks.add(() -> assertEquals(0, r.count("threadpool", "released"), "threadpool.released"));
        checks.add(() -> assertTrue(r.report().path("jvmInternalOpen").asLong() >= 1,
                                    "jvmInternalOpen counts the JDK's running pools (at least the process reaper's)"));
        checks.add(r.countsConsistent("threadpool"));
        r.check(checks.toArray(Executable[]::new));
    }

    static int distinctPoolNumbers(List<JsonNode> resources, Pattern description) {
        Set<String> numbers = new HashSet<>();
        for (JsonNode res : resources) {
            Matcher m = description.matcher(res.path("description").asText());
            if (m.matches()) {
                numbers.add(m.group(1));
            }
        }
        return numbers.size();
    }
}
