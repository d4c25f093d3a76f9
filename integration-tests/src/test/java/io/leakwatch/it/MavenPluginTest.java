package io.leakwatch.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Maven plugin in real {@code mvn} builds of {@code examples/maven-plugin} (a copy of it), on each JDK: leakwatch's
 * own artifacts (the plugin, the agent jar, the report module and their parent pom) are installed into a repository
 * local to this test, and everything else comes from this build's local repository through a {@code file:} mirror,
 * as maven-invoker-plugin runs plugins' integration tests.
 */
class MavenPluginTest {
    static final long TIMEOUT_SECONDS = 300;
    static final String VERSION = System.getProperty("leakwatch.version", "0.1.0-SNAPSHOT");

    private static Path repository;
    private static Path settings;

    @BeforeAll
    static void installLeakwatch() throws IOException {
        Path root = JUnitGateExampleTest.repoRoot();
        Path work = AgentRun.workRoot().resolve("maven-plugin-repo");
        JUnitGateExampleTest.deleteTree(work);
        repository = work.resolve("repository");
        install(root.resolve("pom.xml"), "leakwatch-parent", "pom", null);
        install(root.resolve("leak-report/pom.xml"), "leak-report", "pom", null);
        install(root.resolve("leak-report/target/leak-report-" + VERSION + ".jar"), "leak-report", "jar", null);
        install(root.resolve("agent/pom.xml"), "agent", "pom", null);
        install(AgentRun.agentJar(), "agent", "jar", "javaagent");
        install(root.resolve("maven-plugin/pom.xml"), "leakwatch-maven-plugin", "pom", null);
        install(root.resolve("maven-plugin/target/leakwatch-maven-plugin-" + VERSION + ".jar"),
                "leakwatch-maven-plugin", "jar", null);
        String buildRepository = System.getProperty("leakwatch.maven.repo",
                                                    System.getProperty("user.home") + "/.m2/repository");
        settings = work.resolve("settings.xml");
        Files.writeString(settings, """
            <settings>
              <mirrors>
                <mirror>
                  <id>build-local</id>
                  <mirrorOf>*</mirrorOf>
                  <url>%s</url>
                </mirror>
              </mirrors>
            </settings>
            """.formatted(Path.of(buildRepository).toUri()));
    }

    private static void install(Path file, String artifactId, String extension, String classifier)
        throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " not found: build first (mvn -DskipTests package)");
        }
        Path dir = repository.resolve("io/leakwatch").resolve(artifactId).resolve(VERSION);
        Files.createDirectories(dir);
        String name = artifactId + "-" + VERSION + (classifier == null ? "" : "-" + classifier) + "." + extension;
        Files.copy(file, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A fresh copy of the example, and the log of {@code mvn verify} run there with {@code args}. */
    private static Build build(Jdk jdk, String name, String... args) throws Exception {
        Path dir = AgentRun.newFolder(jdk, name);
        Path example = dir.resolve("example");
        copyTree(JUnitGateExampleTest.repoRoot().resolve("examples/maven-plugin"), example);
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(),
                                                       "-Dmaven.repo.local=" + repository, "verify"));
        command.addAll(List.of(args));
        Path log = dir.resolve("mvn.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(example.toFile()).redirectErrorStream(true)
                                                       .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", jdk.home().toString());
        pb.environment().remove("MAVEN_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        // the test JVMs keep the agent's start-up cache with the other child JVMs'
        pb.environment().put("XDG_CACHE_HOME", AgentRun.workRoot().resolve("xdg-cache").toString());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        return new Build(example, p.exitValue(), out, "\n---- " + String.join(" ", command) + " in " + example
                                                      + " (JAVA_HOME " + jdk.home() + ", exit code " + p.exitValue()
                                                      + "):\n" + out);
    }

    record Build(Path example, int exit, String log, String context) {
        List<Path> forkReports(String module) throws IOException {
            List<Path> out = new ArrayList<>();
            Path dir = example.resolve(module).resolve("target/leakwatch");
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "leaks-*.json")) {
                    files.forEach(out::add);
                }
            }
            return out;
        }
    }

    /** {@code com.example.shop.orders.OrderFiles.header(OrderFiles.java:N)}, N the line marked "the leak". */
    private static String leakFrame(Path example) throws IOException {
        List<String> lines = Files.readAllLines(
            example.resolve("orders/src/main/java/com/example/shop/orders/OrderFiles.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// the leak")) {
                return "com.example.shop.orders.OrderFiles.header(OrderFiles.java:" + (i + 1) + ")";
            }
        }
        throw new IllegalStateException("OrderFiles.java has no line ending with '// the leak'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theBuildFailsOnTheLeakingModuleAndPassesTheCleanOnes(Jdk jdk) throws Exception {
        Build b = build(jdk, "maven-plugin-example");
        String frame = leakFrame(b.example());
        String failure = "leakwatch check: FAILED: 1 resource(s) left open or leaked by the tests (1 test JVM report(s)):";
        assertAll(
            () -> assertEquals(1, b.exit(), "the build must fail" + b.context()),
            () -> assertTrue(b.log().contains("Failed to execute goal io.leakwatch:leakwatch-maven-plugin:" + VERSION
                                              + ":check (default) on project orders: " + failure),
                             "the orders module's check fails" + b.context()),
            // grouped by test class, then method: the test that leaked, the count, state, kind and first frame
            () -> assertTrue(b.log().contains("\n[ERROR]   com.example.shop.orders.OrderFilesTest:\n"
                                              + "[ERROR]     readsTheHeader: 1 leaked file at " + frame + ";"),
                             "the site under its test, with " + frame + b.context()),
            // inventory: its own argLine kept (a test asserts the property it sets), the agent ran, nothing left
            () -> assertTrue(b.log().contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                             && b.log().contains("in com.example.shop.inventory.StockTest"),
                             "inventory's tests pass with their own argLine" + b.context()),
            () -> assertEquals(1, b.forkReports("inventory").size(), "inventory's test JVM wrote a report"
                                                                      + b.context()),
            () -> assertTrue(b.log().contains("[INFO] leakwatch check: PASSED: 0 resource(s) left open or leaked by "
                                              + "1 test JVM(s); at most 0 allowed"),
                             "inventory's check passes" + b.context()),
            // orders: the merged reports are there for the CI to keep
            () -> assertTrue(Files.isRegularFile(b.example().resolve("orders/target/leakwatch/leaks.json"))
                             && Files.isRegularFile(b.example().resolve("orders/target/leakwatch/index.html")),
                             "the merged JSON and HTML reports" + b.context()),
            () -> assertTrue(b.log().contains("[INFO] leakwatch: 1 test JVM report(s): 0 open, 1 leaked resource(s) "
                                              + "from 1 site(s)"), "the report goal's summary" + b.context()),
            // catalog has no tests: passed over without a word beyond prepare-agent's
            () -> assertTrue(b.forkReports("catalog").isEmpty(), "no report for a module without tests"
                                                                  + b.context()),
            () -> assertTrue(java.util.regex.Pattern.compile("\\[INFO] catalog \\(no tests\\) \\.+ SUCCESS")
                                                      .matcher(b.log()).find(), "catalog builds" + b.context()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void leakwatchSkipLeavesTheBuildAsItWasWithoutTheAgent(Jdk jdk) throws Exception {
        Build b = build(jdk, "maven-plugin-skip", "-Dleakwatch.skip");
        assertAll(
            () -> assertEquals(0, b.exit(), "the build passes" + b.context()),
            () -> assertTrue(b.log().contains("[INFO] leakwatch: skipped (leakwatch.skip)"), b.context()),
            () -> assertFalse(b.log().contains("-javaagent:"), "no agent argument" + b.context()),
            () -> assertTrue(b.forkReports("orders").isEmpty() && b.forkReports("inventory").isEmpty(),
                             "no test JVM ran the agent" + b.context()),
            // inventory's <argLine>@{argLine} ...</argLine> still finds a value, and its own settings
            () -> assertTrue(b.log().contains("in com.example.shop.inventory.StockTest"), b.context()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theReportIsASiteReport(Jdk jdk) throws Exception {
        String unavailable = fetchSitePlugin();
        assumeTrue(unavailable == null, unavailable);
        Build b = build(jdk, "maven-plugin-site", "site", "-Dleakwatch.haltOnFailure=false");
        String frame = leakFrame(b.example());
        Path orders = b.example().resolve("orders/target/site");
        Path inventory = b.example().resolve("inventory/target/site");
        String page = read(orders.resolve("leakwatch/index.html"));
        assertAll(
            () -> assertEquals(0, b.exit(), "the build goes on past the leak into the site" + b.context()),
            // the leaking module's page: leakwatch's own HTML report, naming the test and the line
            () -> assertTrue(page.contains("com.example.shop.orders.OrderFilesTest#readsTheHeader"),
                             "the page names the test" + b.context()),
            () -> assertTrue(page.contains(frame), "the page names " + frame + b.context()),
            () -> assertTrue(Files.isRegularFile(orders.resolve("leakwatch/leaks.json")), "its JSON" + b.context()),
            // linked from the module's project reports
            () -> assertTrue(read(orders.resolve("project-reports.html")).contains("href=\"leakwatch/index.html\""),
                             "linked from Project Reports" + b.context()),
            // a clean module has its page too (nothing left open); one without tests has none
            () -> assertTrue(read(inventory.resolve("leakwatch/index.html")).contains("data-leaked=\"0\""),
                             "inventory's page, nothing leaked" + b.context()),
            () -> assertFalse(Files.exists(b.example().resolve("catalog/target/site/leakwatch")),
                              "no page for a module without tests" + b.context()));
    }

    private static String read(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /**
     * Brings maven-site-plugin and what it renders with into the build's local repository (the mirror the example's
     * builds read) with a site build of an empty project; {@code null} when that worked, else why not.
     */
    private static String fetchSitePlugin() throws Exception {
        Path dir = AgentRun.workRoot().resolve("maven-site-fetch");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>io.leakwatch.it</groupId><artifactId>site-fetch</artifactId><version>1</version>
              <packaging>pom</packaging>
              <build><plugins><plugin>
                <groupId>org.apache.maven.plugins</groupId><artifactId>maven-site-plugin</artifactId>
                <version>3.21.0</version>
              </plugin></plugins></build>
              <reporting><excludeDefaults>true</excludeDefaults></reporting>
            </project>
            """);
        String buildRepository = System.getProperty("leakwatch.maven.repo",
                                                    System.getProperty("user.home") + "/.m2/repository");
        Path log = dir.resolve("mvn.log");
        ProcessBuilder pb = new ProcessBuilder("mvn", "-B", "-q", "-Dmaven.repo.local=" + buildRepository, "site")
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "maven-site-plugin 3.21.0 could not be fetched within " + TIMEOUT_SECONDS + " s";
        }
        return p.exitValue() == 0 ? null
            : "maven-site-plugin 3.21.0 is not in " + buildRepository + " and could not be fetched: " + read(log);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                boolean built = false;
                for (Path part : rel) {
                    built |= part.toString().equals("target");
                }
                if (built) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
