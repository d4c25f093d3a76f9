package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.apps.OtherAgentsApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Other Java agents beside leakwatch, as CI builds and production JVMs have them: JaCoCo's agent (from Maven
 * Central, writing its execution data file at exit as its Maven plugin sets it up) and the Prometheus JMX exporter
 * (serving the shipped configuration), named on the command line before leakwatch (known from the JVM's arguments)
 * or after it (learned as they start). {@link OtherAgentsApp} leaves one file open and scrapes the exporter once.
 * Nothing of the agents' may be reported as the application's; what they hold is counted apart, and listed with
 * {@code report.include=agents}.
 */
class OtherAgentsTest {
    static Path jacocoJar() {
        Path jar = Path.of(System.getProperty("leakwatch.it.jacoco.agent", "target/jacoco/jacocoagent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("JaCoCo's agent is not at " + jar + " (system property"
                                            + " leakwatch.it.jacoco.agent); the integration-tests build copies it there");
        }
        return jar.toAbsolutePath();
    }

    static List<String> agents(int port) {
        return List.of("-javaagent:" + jacocoJar() + "=destfile={dir}/jacoco.exec",
                       "-javaagent:" + PrometheusExporterTest.exporterJar() + "=127.0.0.1:" + port + ":"
                       + PrometheusExporterTest.config());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void agentsNamedBeforeLeakwatchAreHeldApart(Jdk jdk) {
        int port = LiveChild.freePort();
        AgentRun run = AgentRun.of(jdk, "other-agents-before", OtherAgentsApp.class, String.valueOf(port))
            .agentOptions("report={dir}/report.json,report.include=agents");
        agents(port).forEach(run::jvmArg);
        // the exporter's server socket was opened before leakwatch started, so it is not tracked: its scheduler's pool
        // (made on a JDK notification thread, at the exporter's own code) is what it holds
        check(run.run().expectSuccess(), List.of("threadpool"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void agentsNamedAfterLeakwatchAreHeldApart(Jdk jdk) {
        int port = LiveChild.freePort();
        AgentRun run = AgentRun.of(jdk, "other-agents-after", OtherAgentsApp.class, String.valueOf(port))
            .agentOptions("report={dir}/report.json,report.include=agents");
        agents(port).forEach(run::jvmArgAfterAgent);
        check(run.run().expectSuccess(), List.of("socket", "threadpool"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void withoutIncludeTheyAreCountedNotListed(Jdk jdk) {
        int port = LiveChild.freePort();
        AgentRun run = AgentRun.of(jdk, "other-agents-counted", OtherAgentsApp.class, String.valueOf(port));
        agents(port).forEach(run::jvmArg);
        Result r = run.run().expectSuccess();
        r.check(
            () -> assertEquals(List.of(r.site("app-leak")), firstFrames(r.sites()), "the application's sites"),
            () -> assertTrue(r.report().path("heldApart").path("agents").asLong() >= 1,
                             "the exporter's pool, counted apart: " + r.report().path("heldApart")),
            () -> assertTrue(r.report().path("heldApart").path("sites").isMissingNode(), "nothing listed apart"));
    }

    /** {@code kinds}: the kinds of which the exporter must be seen holding something apart. */
    private static void check(Result r, List<String> kinds) {
        JsonNode apart = r.report().path("heldApart");
        List<String> agentFrames = new ArrayList<>();
        java.util.Set<String> exporterKinds = new java.util.TreeSet<>();
        for (JsonNode s : apart.path("sites")) {
            assertEquals("agents", s.path("owner").asText(), "only the agents' are listed: " + s);
            String frame = s.path("stack").path(0).asText();
            agentFrames.add(frame);
            if (frame.startsWith("io.prometheus.")) {
                exporterKinds.add(s.path("kind").asText());
            }
        }
        r.check(
            () -> assertEquals("true", r.value("scraped"), "the exporter served the application's request"),
            () -> assertTrue(Files.isRegularFile(r.dir().resolve("jacoco.exec")), "JaCoCo wrote its data"),
            () -> assertEquals(List.of(r.site("app-leak")), firstFrames(r.sites()),
                               "the application's only site is its own leak"),
            Expect.one(r, "app-leak", "file", "open", "app-data.bin (read/write)"),
            r.counts("file", 1, 0),
            r.counts("socket", 0, 0),
            r.counts("threadpool", 0, 0),
            r.countsConsistent(),
            r.countsConsistent("threadpool"),
            () -> assertTrue(exporterKinds.containsAll(kinds), "the exporter holds " + kinds + ": " + apart),
            () -> assertEquals(apart.path("agents").asLong(), sum(apart.path("sites")),
                               "the agents' listed sites add up to their count"),
            () -> assertTrue(agentFrames.stream().allMatch(f -> f.startsWith("io.prometheus.")
                                                                || f.startsWith("org.jacoco.")),
                             "each listed site is at the agents' own code: " + agentFrames),
            () -> assertTrue(r.stderrLines().stream().allMatch(l -> l.startsWith("leakwatch: report written to ")),
                             "nothing on stderr but where the report went: " + r.stderr()));
    }

    /**
     * JaCoCo's agent, named first or last, instruments none of leakwatch's classes but the launcher's (the JVM loads
     * those from the agent jar on the system class path before any of leakwatch's code runs): the agent's own classes
     * have no code-source location, which JaCoCo leaves alone. And with a warm cache of instrumented JDK classes,
     * JaCoCo's runtime classes (loaded before leakwatch when it comes first) neither keep leakwatch from starting from
     * the cache nor make it build Byte Buddy's engine.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void jacocoInstrumentsNoneOfLeakwatchsClassesAndLeakwatchNoneOfJacocos(Jdk jdk) throws Exception {
        Path cache = AgentRun.newFolder(jdk, "jacoco-cache").resolve("cache");
        String lw = "report={dir}/report.json,cache=" + cache;
        int port = LiveChild.freePort();
        AgentRun.of(jdk, "jacoco-warm-up", OtherAgentsApp.class, String.valueOf(port)).agentOptions(lw)
            .jvmArg("-javaagent:" + PrometheusExporterTest.exporterJar() + "=127.0.0.1:" + port + ":"
                    + PrometheusExporterTest.config())
            .run().expectSuccess();
        for (boolean jacocoFirst : new boolean[] {true, false}) {
            int p = LiveChild.freePort();
            String jacoco = "-javaagent:" + jacocoJar() + "=destfile={dir}/jacoco.exec,classdumpdir={dir}/jacoco-classes";
            AgentRun run = AgentRun.of(jdk, "jacoco-" + (jacocoFirst ? "first" : "last"), OtherAgentsApp.class,
                                       String.valueOf(p))
                .agentOptions(lw)
                .jvmArg("-Dio.leakwatch.debug.transforms=true")
                .jvmArg("-Xlog:class+load=info:file={dir}/classes.txt")
                .jvmArg("-javaagent:" + PrometheusExporterTest.exporterJar() + "=127.0.0.1:" + p + ":"
                        + PrometheusExporterTest.config());
            if (jacocoFirst) {
                run.jvmArg(jacoco);
            } else {
                run.jvmArgAfterAgent(jacoco);
            }
            Result r = run.run().expectSuccess();
            List<String> dumped;
            try (java.util.stream.Stream<Path> walk = Files.walk(r.dir().resolve("jacoco-classes"))) {
                dumped = walk.filter(Files::isRegularFile)
                             .map(f -> r.dir().resolve("jacoco-classes").relativize(f).toString()).sorted().toList();
            }
            List<String> leakwatchs = dumped.stream()
                .filter(f -> f.startsWith("io/leakwatch/") && !f.startsWith("io/leakwatch/it/")
                             || f.startsWith("net/bytebuddy/") || f.startsWith("com/fasterxml/")
                             || f.startsWith("org/HdrHistogram/") || f.startsWith("oshi/"))
                .toList();
            List<String> loaded = Files.readAllLines(r.dir().resolve("classes.txt"));
            r.check(
                () -> assertTrue(dumped.stream().anyMatch(f -> f.startsWith("io/leakwatch/it/apps/OtherAgentsApp.")),
                                 "JaCoCo instrumented the application: " + dumped),
                () -> assertTrue(leakwatchs.stream().allMatch(f -> f.startsWith("io/leakwatch/agent/premain/")),
                                 "JaCoCo instrumented leakwatch's classes: " + leakwatchs),
                () -> assertTrue(r.stderr().contains("(from the cache)"), "leakwatch started from the cache"),
                () -> assertFalse(r.stderr().contains("Byte Buddy is made for"),
                                  "no class made leakwatch build Byte Buddy's engine:\n" + r.stderr()),
                () -> assertFalse(loaded.stream().anyMatch(l -> l.contains("net.bytebuddy.agent.builder")),
                                  "no AgentBuilder class is loaded"),
                Expect.one(r, "app-leak", "file", "open", "app-data.bin (read/write)"),
                () -> assertEquals(1, r.sites().size(), "sites"));
        }
    }

    private static long sum(JsonNode sites) {
        long n = 0;
        for (JsonNode s : sites) {
            n += s.path("count").asLong();
        }
        return n;
    }

    static List<String> firstFrames(List<JsonNode> sites) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : sites) {
            out.add(s.path("stack").path(0).asText());
        }
        return out;
    }
}
