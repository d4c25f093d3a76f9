package io.leakwatch.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example project {@code examples/junit-gate}, built by Maven as a user would ({@code mvn -q -o -f
 * examples/junit-gate/pom.xml test} in batch mode, with this build's local repository), on each JDK: the build must fail, exactly
 * because its leaking test fails with the leak's first frame, and its clean test must pass.
 */
class JUnitGateExampleTest {
    static final long TIMEOUT_SECONDS = 300;

    static Path repoRoot() {
        return Path.of(System.getProperty("leakwatch.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** {@code com.example.gate.OrderFiles.header(OrderFiles.java:N)}, N the line marked "the leak" in the source. */
    static String leakFrame(Path example) throws IOException {
        List<String> lines = Files.readAllLines(example.resolve("src/main/java/com/example/gate/OrderFiles.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// the leak")) {
                return "com.example.gate.OrderFiles.header(OrderFiles.java:" + (i + 1) + ")";
            }
        }
        throw new IllegalStateException("OrderFiles.java has no line ending with '// the leak'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theExampleBuildFailsOnlyBecauseOfItsLeakingTest(Jdk jdk) throws Exception {
        jdk.java(); // skips, saying why, when this JDK is missing
        Path example = repoRoot().resolve("examples/junit-gate");
        Path reports = example.resolve("target/surefire-reports");
        deleteTree(reports);
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-o", "-f", example.resolve("pom.xml").toString(),
                                                       "test"));
        String repo = System.getProperty("leakwatch.maven.repo");
        if (repo != null && !repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        Path log = AgentRun.newFolder(jdk, "junit-gate-example").resolve("mvn.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", jdk.home().toString());
        pb.environment().remove("MAVEN_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        String context = "\n---- " + String.join(" ", command) + " (JAVA_HOME " + jdk.home() + ", exit code "
                         + p.exitValue() + "):\n" + out;
        String frame = leakFrame(example);
        Map<String, String[]> tests = surefireResults(reports);
        assertAll(
            () -> assertEquals(1, p.exitValue(), "the example's build must fail" + context),
            () -> assertTrue(out.contains("Tests run: 2, Failures: 1, Errors: 0, Skipped: 0"),
                             "one failure among two tests" + context),
            () -> assertTrue(out.contains("OrderFilesTest.readsTheHeader"), "the leaking test is named" + context),
            () -> assertTrue(out.contains("\n    #0 " + frame + "\n"), "the leak's first frame " + frame + context),
            () -> assertEquals("passed", tests.getOrDefault("countsOrders", new String[] {"missing"})[0],
                               "the clean test" + context),
            () -> {
                String[] leaking = tests.getOrDefault("readsTheHeader", new String[] {"missing", ""});
                assertEquals("failed", leaking[0], "the leaking test" + context);
                // the reader is unreachable once header() returns: open until a collection finds it, leaked after
                // (whether one ran before the check is the JVM's choice)
                boolean open = leaking[1].startsWith("leakwatch: test readsTheHeader() left 1 resource behind (1 open,"
                                                     + " 0 leaked)");
                assertTrue(open || leaking[1].startsWith("leakwatch: test readsTheHeader() left 1 resource behind (0 "
                                                         + "open, 1 leaked)"), "its message: " + leaking[1] + context);
                assertTrue(leaking[1].contains(open ? "\nOpen file: 1 resource, e.g. " : "\nLeaked file: 1 resource, e.g. ")
                           && leaking[1].contains("/orders.csv (read)\n    #0 " + frame + "\n"),
                           "its report: " + leaking[1] + context);
            },
            () -> assertEquals(2, tests.size(), "tests in the example's Surefire report: " + tests.keySet() + context));
    }

    /** Test method name to {@code {status, failure message}} from Surefire's XML reports. */
    static Map<String, String[]> surefireResults(Path reports) throws Exception {
        Map<String, String[]> out = new TreeMap<>();
        if (!Files.isDirectory(reports)) {
            return out;
        }
        try (Stream<Path> files = Files.list(reports)) {
            for (Path xml : (Iterable<Path>) files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))::iterator) {
                NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                                                       .getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element c = (Element) cases.item(i);
                    String[] result = {"passed", ""};
                    for (String tag : List.of("failure", "error")) {
                        NodeList n = c.getElementsByTagName(tag);
                        if (n.getLength() > 0) {
                            result = new String[] {"failed", ((Element) n.item(0)).getAttribute("message")};
                        }
                    }
                    out.put(c.getAttribute("name"), result);
                }
            }
        }
        return out;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
