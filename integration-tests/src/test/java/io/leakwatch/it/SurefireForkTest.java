package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Maven build with Surefire forking one JVM per test class, JaCoCo's agent and leakwatch in every fork through
 * the property the project's {@code argLine} reads, and a report per fork ({@code report=.../leaks-{pid}.json}): the
 * project {@code src/test/resources/projects/surefire-fork}, copied to a fresh folder and built with
 * {@code mvn -B -q -o test} and this build's local repository, on each JDK. The only site any fork reports is the
 * test's own leak; the booter's pools and channel are counted apart as the test runner's, and listed with
 * {@code report.include=runner}.
 */
class SurefireForkTest {
    static final long TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theOnlySiteOfEveryForkIsTheTestsOwnLeak(Jdk jdk) throws Exception {
        jdk.java(); // skips, saying why, when this JDK is missing
        Path project = AgentRun.newFolder(jdk, "surefire-fork").resolve("project");
        copyTree(AgentRun.testClasses().resolve("projects/surefire-fork"), project);
        Path reports = project.resolve("target/leakwatch");
        String argLine = "-javaagent:" + OtherAgentsTest.jacocoJar() + "=destfile=" + project.resolve("target/jacoco.exec")
                         + " -javaagent:" + AgentRun.agentJar() + "=report=" + reports.resolve("leaks-{pid}.json")
                         + ",report.include=runner;agents";
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-o", "-f", project.resolve("pom.xml").toString(),
                                                       "test", "-Dagents.argLine=" + argLine));
        String repo = System.getProperty("leakwatch.maven.repo");
        if (repo != null && !repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        Path log = project.getParent().resolve("mvn.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", jdk.home().toString());
        pb.environment().remove("MAVEN_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        // the forks keep the agent's cache of instrumented JDK classes with the other child JVMs'
        pb.environment().put("XDG_CACHE_HOME", AgentRun.workRoot().resolve("xdg-cache").toString());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        String context = "\n---- " + String.join(" ", command) + " (JAVA_HOME " + jdk.home() + ", exit code "
                         + p.exitValue() + "):\n" + Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "the build passes (no gate here)" + context);
        List<JsonNode> forks = readReports(reports);
        String leak = "com.example.fork.ArchiveTest.readsTheIndex(ArchiveTest.java:" + leakLine(project) + ")";
        List<JsonNode> leaking = new ArrayList<>();
        List<String> allSites = new ArrayList<>();
        for (JsonNode report : forks) {
            if (report.path("sites").size() > 0) {
                leaking.add(report);
            }
            for (JsonNode s : report.path("sites")) {
                allSites.add(s.path("state").asText() + " " + s.path("kind").asText() + " at "
                             + s.path("stack").path(0).asText());
            }
        }
        assertAll(
            () -> assertEquals(2, forks.size(), "one report per fork, one fork per test class" + context),
            () -> assertEquals(List.of("open file at " + leak), allSites, "every site of every fork" + context),
            () -> assertEquals(1, leaking.size() == 1 ? leaking.get(0).path("counts").path("file").path("open").asLong()
                                                      : -1, "the leaking fork's file count"),
            () -> {
                for (JsonNode report : forks) {
                    JsonNode apart = report.path("heldApart");
                    assertTrue(apart.path("runner").asLong() >= 1,
                               "the booter's own resources, counted as the runner's: " + apart);
                    long listed = 0;
                    for (JsonNode s : apart.path("sites")) {
                        String owner = s.path("owner").asText();
                        String frame = s.path("stack").path(0).asText();
                        if (owner.equals("runner")) {
                            listed += s.path("count").asLong();
                            assertTrue(frame.startsWith("org.apache.maven.surefire.") || frame.startsWith("org.junit."),
                                       "a runner's site at the runner's code: " + s);
                        } else {
                            assertEquals("agents", owner, s.toString());
                            assertTrue(frame.startsWith("org.jacoco."), "an agent's site at JaCoCo's code: " + s);
                        }
                    }
                    assertEquals(apart.path("runner").asLong(), listed, "the runner's sites add up: " + apart);
                }
            });
    }

    /** The line of ArchiveTest.java that ends with "// the leak". */
    private static int leakLine(Path project) throws IOException {
        List<String> lines = Files.readAllLines(project.resolve("src/test/java/com/example/fork/ArchiveTest.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// the leak")) {
                return i + 1;
            }
        }
        throw new IllegalStateException("ArchiveTest.java has no line ending with '// the leak'");
    }

    private static List<JsonNode> readReports(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("leaks-\\d+\\.json")).sorted().toList()) {
                out.add(JSON.readTree(f.toFile()));
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
