package io.leakwatch.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Prometheus JMX exporter configuration ({@code prometheus/leakwatch-jmx-exporter.yaml}) in a real child
 * JVM that runs both agents, {@code -javaagent:jmx_prometheus_javaagent.jar=127.0.0.1:<port>:<config>} first and
 * leakwatch second, scraped over HTTP: the Process series and their values, and, where the child has the per-kind
 * {@code io.leakwatch:type=Resources,kind=<kind>} MBeans, the per-kind series.
 */
class PrometheusExporterTest {
    static final ObjectName PROCESS = ProcessMBeanTest.PROCESS;
    static final ObjectName RESOURCES = ProcessMBeanTest.name("io.leakwatch:type=Resources,*");
    /** Resources attribute to series, as the configuration maps them (counters get {@code _total}). */
    static final Map<String, String> PER_KIND = new LinkedHashMap<>();

    static {
        PER_KIND.put("OpenCount", "leakwatch_open");
        PER_KIND.put("PeakOpenCount", "leakwatch_peak_open");
        PER_KIND.put("AcquiredCount", "leakwatch_acquired_total");
        PER_KIND.put("ReleasedCount", "leakwatch_released_total");
        PER_KIND.put("LeakedCount", "leakwatch_leaked_total");
        PER_KIND.put("Limit", "leakwatch_limit");
        PER_KIND.put("OpenBytes", "leakwatch_open_bytes");
    }

    static Path exporterJar() {
        Path jar = Path.of(System.getProperty("leakwatch.it.prometheus.agent",
                                              "target/prometheus/jmx_prometheus_javaagent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the Prometheus JMX exporter is not at " + jar + " (system property"
                                            + " leakwatch.it.prometheus.agent); the integration-tests build copies it"
                                            + " there in generate-test-resources");
        }
        return jar.toAbsolutePath();
    }

    static Path config() {
        return Path.of(System.getProperty("leakwatch.it.prometheus.config", "../prometheus/leakwatch-jmx-exporter.yaml"))
            .toAbsolutePath().normalize();
    }

    static LiveChild startWithExporter(Jdk jdk, String name, int port) throws Exception {
        // the exporter first: its HTTP server socket is then opened before leakwatch starts, and is not tracked
        return LiveChild.start(jdk, name, ProcessMBeanTest.FD_LIMIT,
                               List.of("-javaagent:" + exporterJar() + "=127.0.0.1:" + port + ":" + config()),
                               "report={dir}/report.json,process.interval=200ms");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void processSeries(Jdk jdk) throws Exception {
        int port = LiveChild.freePort();
        try (LiveChild child = startWithExporter(jdk, "prometheus-process", port)) {
            child.send("files 50");
            child.send("sockets 10");
            Map<String, Double> m = scrapeUntil(port, child, s ->
                s.getOrDefault("leakwatch_process_tracked_descriptors", -1.0) == 60
                && s.get("leakwatch_process_open_descriptors") - 60 == s.get("leakwatch_process_untracked_descriptors"));
            MBeanServerConnection jmx = child.jmx();
            List<String> missing = new ArrayList<>();
            for (MBeanAttributeInfo a : jmx.getMBeanInfo(PROCESS).getAttributes()) {
                boolean number = Set.of("long", "int", "double").contains(a.getType());
                if (number && !m.containsKey(processSeries(a.getName()))) {
                    missing.add(a.getName() + " as " + processSeries(a.getName()));
                }
            }
            String text = lastText;
            assertAll(
                () -> assertEquals(List.of(), missing, "numeric Process attributes without a series"),
                () -> assertEquals((double) child.softDescriptorLimit(), m.get("leakwatch_process_max_descriptors")),
                () -> assertEquals(400.0, m.get("leakwatch_process_max_descriptors")),
                () -> assertTrue(m.get("leakwatch_process_open_descriptors") >= 60),
                () -> assertTrue(m.get("leakwatch_process_threads") >= 1),
                () -> assertTrue(m.get("leakwatch_process_resident_bytes") > 0),
                () -> assertTrue(m.get("leakwatch_process_system_memory_total_bytes") > 0),
                () -> assertTrue(m.get("leakwatch_process_disk_total_bytes") > 0),
                () -> assertEquals(0.0, m.get("leakwatch_process_state{resource=\"descriptors\"}")),
                () -> assertTrue(m.containsKey("leakwatch_process_state{resource=\"resident\"}")),
                () -> assertTrue(m.containsKey("leakwatch_process_state{resource=\"systemMemory\"}")),
                () -> assertTrue(m.containsKey("leakwatch_process_state{resource=\"disk\"}")),
                () -> assertEquals(80.0, m.get("leakwatch_process_warning_percent")),
                () -> assertEquals(95.0, m.get("leakwatch_process_critical_percent")),
                () -> assertEquals(200.0, m.get("leakwatch_process_interval_millis")),
                () -> assertTrue(m.get("leakwatch_process_samples_total") >= 1),
                () -> assertEquals(0.0, m.get("leakwatch_process_sample_failures_total")),
                () -> assertTrue(text.contains("# TYPE leakwatch_process_samples_total counter\n"), "counter type"),
                () -> assertTrue(text.contains("# TYPE leakwatch_process_open_descriptors gauge\n"), "gauge type"),
                () -> assertTrue(text.contains("# TYPE leakwatch_process_state gauge\n"), "state type"));
            child.close();
            assertEquals("", child.stderr().replaceAll("(?m)^leakwatch: report written to .*\\R", ""),
                         "the child's stderr, besides where the report went");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void perKindSeries(Jdk jdk) throws Exception {
        int port = LiveChild.freePort();
        try (LiveChild child = startWithExporter(jdk, "prometheus-kinds", port)) {
            MBeanServerConnection jmx = child.jmx();
            ProcessMBeanTest.waitUntil(() -> jmx.isRegistered(PROCESS), "the Process MBean is registered", child);
            Set<ObjectName> kinds = jmx.queryNames(RESOURCES, null);
            Assumptions.assumeFalse(kinds.isEmpty(),
                "SKIPPED, NOT PASSED: the child has no io.leakwatch:type=Resources,kind=<kind> MBeans (the per-kind"
                + " MBeans of issue 5 come from another branch), so the series leakwatch_open{kind=...},"
                + " leakwatch_acquired_total{kind=...}, ... were not checked");
            child.send("files 50");
            child.send("sockets 10");
            scrapeUntil(port, child, s -> s.getOrDefault("leakwatch_open{kind=\"file\"}", -1.0) == 50
                                          && s.getOrDefault("leakwatch_open{kind=\"socket\"}", -1.0) == 10);
            // the application is idle now: the MBeans and the exporter show the same values
            Map<String, Double> m = scrape(port);
            List<String> wrong = new ArrayList<>();
            for (ObjectName kind : kinds) {
                String label = "{kind=\"" + kind.getKeyProperty("kind") + "\"}";
                Set<String> attributes = new java.util.HashSet<>();
                for (MBeanAttributeInfo a : jmx.getMBeanInfo(kind).getAttributes()) {
                    attributes.add(a.getName());
                }
                for (Map.Entry<String, String> e : PER_KIND.entrySet()) {
                    if (!attributes.contains(e.getKey())) {
                        continue;
                    }
                    double expected = ((Number) jmx.getAttribute(kind, e.getKey())).doubleValue();
                    Double actual = m.get(e.getValue() + label);
                    if (actual == null || actual != expected) {
                        wrong.add(e.getValue() + label + " = " + actual + ", " + kind + " " + e.getKey() + " = "
                                  + expected);
                    }
                }
            }
            // every metric the alert rules and the Grafana dashboard use is one this scrape returns
            java.util.Set<String> scraped = new java.util.TreeSet<>();
            for (String sample : m.keySet()) {
                int brace = sample.indexOf('{');
                scraped.add(brace < 0 ? sample : sample.substring(0, brace));
            }
            java.util.Set<String> unknown = new java.util.TreeSet<>(PrometheusRulesTest.metricNames());
            unknown.removeAll(scraped);
            assertAll(
                () -> assertEquals(java.util.Set.of(), unknown, "metrics of leakwatch-alerts.yml and "
                                                                + "leakwatch-grafana.json that no scrape returns"),
                () -> assertEquals(List.of(), wrong, "series against the MBeans"),
                () -> assertEquals(50.0, m.get("leakwatch_open{kind=\"file\"}")),
                () -> assertEquals(10.0, m.get("leakwatch_open{kind=\"socket\"}")),
                () -> assertEquals(10.0, m.get("leakwatch_acquired_total{kind=\"socket\"}")),
                () -> assertEquals(0.0, m.get("leakwatch_released_total{kind=\"socket\"}")),
                () -> assertTrue(lastText.contains("# TYPE leakwatch_acquired_total counter\n"), "counter type"));
        }
    }

    /** {@code OpenDescriptors} to {@code leakwatch_process_open_descriptors}, as the configuration names it. */
    static String processSeries(String attribute) {
        if (attribute.equals("SampleCount")) {
            return "leakwatch_process_samples_total";
        }
        if (attribute.equals("SampleFailures")) {
            return "leakwatch_process_sample_failures_total";
        }
        return "leakwatch_process_" + attribute.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile String lastText = "";

    /** One scrape of {@code /metrics}: every sample line, by name and labels. */
    static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                               .timeout(Duration.ofSeconds(10)).build(),
                                           HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
        lastText = r.body();
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.valueOf(line.substring(space + 1)));
        }
        return samples;
    }

    /** Scrapes until {@code condition} holds (the exporter answers once it has started). */
    static Map<String, Double> scrapeUntil(int port, LiveChild child, Predicate<Map<String, Double>> condition)
        throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LiveChild.TIMEOUT_SECONDS);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, Double> m = scrape(port);
                if (condition.test(m)) {
                    return m;
                }
                last = lastText;
            } catch (IOException | RuntimeException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no scrape as expected within " + LiveChild.TIMEOUT_SECONDS + " s; last:\n"
                                 + last.lines().filter(l -> l.startsWith("leakwatch")).reduce("", (a, b) -> a + b + "\n")
                                 + child.describe());
    }
}
