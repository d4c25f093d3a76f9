package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet's files in {@code prometheus/}, checked by Prometheus's own {@code promtool} (Debian package
 * {@code prometheus}, which {@code .ci/run} installs): the alert rules are valid and fire on the series they are about
 * ({@code promtool test rules}), and every query of the Grafana dashboard is valid PromQL. That every metric name they
 * use is one a real scrape returns is {@link PrometheusExporterTest}'s check.
 */
class PrometheusRulesTest {
    static final Path DIR = Path.of(System.getProperty("leakwatch.it.prometheus.dir", "../prometheus"))
                                .toAbsolutePath().normalize();
    static final Path ALERTS = DIR.resolve("leakwatch-alerts.yml");
    static final Path DASHBOARD = DIR.resolve("leakwatch-grafana.json");

    @Test
    void theAlertRulesAreValidAndFireOnTheSeriesTheyAreAbout() throws Exception {
        Path promtool = promtool();
        Run check = run(DIR, promtool.toString(), "check", "rules", ALERTS.getFileName().toString());
        assertEquals(0, check.status, check.output);
        assertTrue(check.output.contains("SUCCESS: 4 rules found"), check.output);
        Run test = run(DIR, promtool.toString(), "test", "rules", "leakwatch-alerts.test.yml");
        assertEquals(0, test.status, test.output);
        assertTrue(test.output.contains("SUCCESS"), test.output);
    }

    @Test
    void everyQueryOfTheDashboardIsValidPromQl(@TempDir Path dir) throws Exception {
        Path promtool = promtool();
        List<String> exprs = dashboardQueries();
        assertEquals(12, exprs.size(), exprs.toString());
        // as recording rules, the form promtool parses; the dashboard's variables as what Grafana puts there
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            String expr = exprs.get(i).replace("$instance", ".*").replace("$kind", ".*");
            rules.append("      - record: leakwatch_dashboard_query_").append(i).append('\n')
                 .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("dashboard-rules.yml"), rules, StandardCharsets.UTF_8);
        Run check = run(dir, promtool.toString(), "check", "rules", "dashboard-rules.yml");
        assertEquals(0, check.status, check.output + "\n" + rules);
        assertTrue(check.output.contains("SUCCESS: " + exprs.size() + " rules found"), check.output);
    }

    /** Every {@code expr} of the dashboard's panels, in order. */
    static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText());
            }
        }
        return out;
    }

    /** The leakwatch metric names the alert rules and the dashboard use. */
    static TreeSet<String> metricNames() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("leakwatch_[a-z0-9_]+")
                           .matcher(Files.readString(ALERTS) + "\n" + String.join("\n", dashboardQueries()));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static Path promtool() {
        Optional<Path> found = Optional.empty();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                found = Optional.of(p);
                break;
            }
        }
        Assumptions.assumeTrue(found.isPresent(), "no promtool on PATH (apt-get install prometheus): the alert rules "
                                                  + "and the dashboard's queries are not checked");
        return found.get();
    }

    private record Run(int status, String output) {
    }

    private static Run run(Path dir, String... command) throws Exception {
        Path out = Files.createTempFile("promtool", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("promtool did not finish within 60 s: " + List.of(command));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
