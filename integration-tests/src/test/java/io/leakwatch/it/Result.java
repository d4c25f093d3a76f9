package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a child JVM did: exit code, stdout, stderr, the {@code SITE}/{@code VAL} lines its scenario printed (see
 * {@link io.leakwatch.it.apps.Mark}) and its report. {@link #check} runs assertions and, when any fails, adds the
 * command, the child's output and the report to the failure message.
 */
public final class Result {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPORT_CHARS = 40_000;
    private static final int MAX_STREAM_CHARS = 12_000;

    private final Jdk jdk;
    private final List<String> command;
    private final Path dir;
    private final String stdout;
    private final String stderr;
    private final int exitCode;
    private final long pid;
    private final long millis;
    private final Path reportPath;
    private final Map<String, String> sites = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private JsonNode report;

    Result(Jdk jdk, List<String> command, Path dir, String stdout, String stderr, int exitCode, long pid, long millis,
           Path reportPath) {
        this.jdk = jdk;
        this.command = command;
        this.dir = dir;
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitCode = exitCode;
        this.pid = pid;
        this.millis = millis;
        this.reportPath = reportPath;
        for (String line : stdout.split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && parts[0].equals("SITE")) {
                sites.put(parts[1], parts[2].trim());
            } else if (parts.length == 3 && parts[0].equals("VAL")) {
                values.put(parts[1], parts[2].trim());
            }
        }
    }

    public Jdk jdk() {
        return jdk;
    }

    public Path dir() {
        return dir;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    public List<String> stderrLines() {
        return stderr.isEmpty() ? List.of() : List.of(stderr.split("\r?\n"));
    }

    public List<String> stdoutLines() {
        return stdout.isEmpty() ? List.of() : List.of(stdout.split("\r?\n"));
    }

    public int exitCode() {
        return exitCode;
    }

    public long pid() {
        return pid;
    }

    /** The frame the scenario announced with {@code Mark.next(name)}. */
    public String site(String name) {
        String frame = sites.get(name);
        if (frame == null) {
            fail("the scenario printed no SITE line for '" + name + "'\n" + describe());
        }
        return frame;
    }

    public Set<String> siteFrames() {
        return new TreeSet<>(sites.values());
    }

    public String value(String key) {
        String v = values.get(key);
        if (v == null) {
            fail("the scenario printed no VAL line for '" + key + "'\n" + describe());
        }
        return v;
    }

    public int port(String key) {
        return Integer.parseInt(value(key));
    }

    // ---------------------------------------------------------------- report

    public Path reportPath() {
        return reportPath;
    }

    public String reportText() {
        try {
            return Files.readString(reportPath, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("no report at " + reportPath + " (" + e + ")\n" + describe(), e);
        }
    }

    public JsonNode report() {
        if (report == null) {
            String text = reportText();
            try {
                report = JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("the report at " + reportPath + " is not JSON: " + e.getMessage() + "\n"
                                         + describe(), e);
            }
        }
        return report;
    }

    public List<JsonNode> resources() {
        return list(report().get("resources"));
    }

    public List<JsonNode> sites() {
        return list(report().get("sites"));
    }

    /** The resources whose first frame is the site {@code name} announced. */
    public List<JsonNode> resourcesAt(String name) {
        String frame = site(name);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : resources()) {
            if (frame.equals(firstFrame(r))) {
                out.add(r);
            }
        }
        return out;
    }

    /** The site entries whose first frame is the site {@code name} announced. */
    public List<JsonNode> sitesAt(String name) {
        String frame = site(name);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : sites()) {
            if (frame.equals(firstFrame(s))) {
                out.add(s);
            }
        }
        return out;
    }

    public long count(String kind, String field) {
        JsonNode counts = report().path("counts").path(kind);
        JsonNode value = counts.get(field);
        if (value == null || !value.isNumber()) {
            fail("report has no number counts." + kind + "." + field + "\n" + describe());
        }
        return value.asLong();
    }

    static String firstFrame(JsonNode resourceOrSite) {
        JsonNode stack = resourceOrSite.get("stack");
        return stack != null && stack.size() > 0 ? stack.get(0).asText() : "<empty stack>";
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null) {
            array.forEach(out::add);
        }
        return out;
    }

    // ---------------------------------------------------------------- checking

    /** The child exited with 0 and printed its final {@code done}. */
    public Result expectSuccess() {
        if (exitCode != 0 || !stdoutLines().contains("done")) {
            fail("the scenario app failed (exit code " + exitCode + ", expected 0 and a final 'done' line)\n"
                 + describe());
        }
        return this;
    }

    /** Runs all checks; when any fails, the failure carries this run's command, output and report. */
    public void check(Executable... checks) {
        try {
            assertAll(checks);
        } catch (AssertionError e) {
            AssertionError withContext = new AssertionError(e.getMessage() + "\n\n" + describe(), e);
            throw withContext;
        }
    }

    /** Everything about the run, for failure messages. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("---- child JVM (").append(jdk).append(", pid ").append(pid).append(", ").append(millis)
         .append(" ms, exit code ").append(exitCode).append(")\n");
        b.append("command: ").append(String.join(" ", command)).append('\n');
        b.append("folder: ").append(dir).append('\n');
        b.append("---- stdout:\n").append(cut(stdout, MAX_STREAM_CHARS)).append('\n');
        b.append("---- stderr:\n").append(cut(stderr, MAX_STREAM_CHARS)).append('\n');
        if (Files.isRegularFile(reportPath)) {
            try {
                b.append("---- report ").append(reportPath).append(":\n")
                 .append(cut(Files.readString(reportPath), MAX_REPORT_CHARS)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            b.append("---- no report at ").append(reportPath).append('\n');
        }
        return b.toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "\n... (" + (s.length() - max) + " more characters)";
    }

    /** Counts one kind's open and leaked resources exactly. */
    public Executable counts(String kind, long open, long leaked) {
        return () -> {
            assertEquals(open, count(kind, "open"), "counts." + kind + ".open");
            assertEquals(leaked, count(kind, "leaked"), "counts." + kind + ".leaked");
        };
    }

    /** Every listed resource comes from a site the scenario announced (nothing unexpected, nothing of the JDK's). */
    public Executable onlyAnnouncedSites() {
        return () -> {
            Set<String> frames = siteFrames();
            List<String> unexpected = new ArrayList<>();
            for (JsonNode r : resources()) {
                if (!frames.contains(firstFrame(r))) {
                    unexpected.add(r.path("kind").asText() + " " + r.path("state").asText() + " '"
                                   + r.path("description").asText() + "' at " + firstFrame(r));
                }
            }
            assertTrue(unexpected.isEmpty(), () -> "resources from no announced site " + unexpected
                                                  + "; announced sites: " + frames);
        };
    }

    /**
     * For every kind: acquired - released == open + leaked, the sites add up to the open and leaked counts, and so do
     * the listed resources.
     */
    public Executable countsConsistent() {
        return countsConsistent("file", "socket", "pipe", "selector");
    }

    /** As {@link #countsConsistent()}, for these kinds (e.g. {@code threadpool}, or those a {@code kinds=} run tracks). */
    public Executable countsConsistent(String... kinds) {
        List<String> kindList = List.of(kinds);
        return () -> {
            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertEquals(0, report().path("agentFailures").asLong(-1),
                                          "agentFailures: every event recorded, none lost to an agent failure"));
            for (String kind : kindList) {
                checks.add(() -> {
                    long open = count(kind, "open");
                    long leaked = count(kind, "leaked");
                    assertEquals(open + leaked, count(kind, "acquired") - count(kind, "released"),
                                 kind + ": acquired - released must equal open + leaked");
                    assertTrue(count(kind, "peak") >= open, kind + ": peak >= open");
                    for (String state : List.of("open", "leaked")) {
                        long expected = state.equals("open") ? open : leaked;
                        long inSites = sites().stream()
                            .filter(s -> kind.equals(s.path("kind").asText()) && state.equals(s.path("state").asText()))
                            .mapToLong(s -> s.path("count").asLong()).sum();
                        long listed = resources().stream()
                            .filter(r -> kind.equals(r.path("kind").asText()) && state.equals(r.path("state").asText()))
                            .count();
                        assertEquals(expected, inSites, kind + " " + state + ": sum of site counts");
                        assertEquals(expected, listed, kind + " " + state + ": listed resources");
                    }
                });
            }
            assertAll(checks);
        };
    }
}
