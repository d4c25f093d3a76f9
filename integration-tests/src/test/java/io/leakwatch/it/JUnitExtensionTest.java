package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakwatch.it.junitapps.AutoDetectedScenarios;
import io.leakwatch.it.junitapps.CheckedScenarios;
import io.leakwatch.it.junitapps.LimitScenarios;
import io.leakwatch.it.junitapps.NoAgentScenarios;
import io.leakwatch.it.junitapps.ParallelScenarios;
import io.leakwatch.it.junitapps.RunnerScenarios;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JUnit extension ({@code junit/}) on real JUnit runs: the JUnit Console Launcher runs the test classes in
 * {@code junitapps} in a child JVM, with the agent or without it, and this test reads the launcher's XML report (each
 * test's outcome, failure type and message) and the agent's exit report.
 */
class JUnitExtensionTest {
    static final String CONSOLE_LAUNCHER = "org.junit.platform.console.ConsoleLauncher";
    static final String AUTODETECT = "junit.jupiter.extensions.autodetection.enabled=true";
    static final String LEAK_HEADLINE_1 = " left 1 resource behind (1 open, 0 leaked); close it, or allow it with"
                                          + " @LeakCheck(allow = ...)";

    /** One test's outcome in the launcher's XML report. */
    record Outcome(String status, String type, String text) {
        /** The exception's message: its printed stack trace up to the first frame. */
        String message() {
            String prefix = type + ": ";
            if (!text.startsWith(prefix)) {
                return "<no message: " + text + ">";
            }
            int frames = text.indexOf("\n\tat ");
            return text.substring(prefix.length(), frames < 0 ? text.length() : frames);
        }

        /** The first frame of the exception's printed stack trace. */
        String firstAt() {
            int at = text.indexOf("\n\tat ");
            if (at < 0) {
                return "<no frames>";
            }
            int end = text.indexOf('\n', at + 1);
            return text.substring(at + "\n\tat ".length(), end < 0 ? text.length() : end).trim();
        }

        /** {@code header -> #0 frame} of each site block of the leak report in the message. */
        Map<String, String> sites() {
            Map<String, String> out = new LinkedHashMap<>();
            String[] lines = message().split("\n");
            for (int i = 0; i + 1 < lines.length; i++) {
                if ((lines[i].startsWith("Open ") || lines[i].startsWith("Leaked ")) && lines[i + 1].startsWith("    #0 ")) {
                    out.put(lines[i], lines[i + 1].substring("    #0 ".length()));
                }
            }
            return out;
        }
    }

    static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set (run through Maven)");
        }
        Path p = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(name + " = " + p + " does not exist; build it: mvn -DskipTests package"
                                            + " -pl integration-tests -am");
        }
        return p;
    }

    /** The JUnit Console Launcher running {@code classes} with these configuration parameters. */
    static AgentRun junit(Jdk jdk, String name, List<String> config, Class<?>... classes) {
        List<String> args = new ArrayList<>(List.of("execute", "--disable-banner", "--disable-ansi-colors",
                                                     "--details=tree", "--reports-dir=reports"));
        config.forEach(c -> args.add("--config=" + c));
        for (Class<?> c : classes) {
            args.add("--select-class=" + c.getName());
        }
        return AgentRun.ofMain(jdk, name, CONSOLE_LAUNCHER, args.toArray(new String[0]))
                       .classPathFirst(property("leakwatch.junit.console"))
                       .classPathFirst(property("leakwatch.junit.jar"));
    }

    /** {@code SimpleClassName.displayName} to outcome, from the launcher's legacy XML report. */
    static Map<String, Outcome> outcomes(Result r) {
        Path xml = r.dir().resolve("reports").resolve("TEST-junit-jupiter.xml");
        Map<String, Outcome> out = new TreeMap<>();
        try {
            NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                                                   .getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String cls = c.getAttribute("classname");
                String key = cls.substring(cls.lastIndexOf('.') + 1) + "." + c.getAttribute("name");
                Outcome o = new Outcome("passed", "", "");
                for (String status : List.of("failure", "error", "skipped")) {
                    NodeList n = c.getElementsByTagName(status);
                    if (n.getLength() > 0) {
                        Element e = (Element) n.item(0);
                        o = new Outcome(status.equals("skipped") ? "skipped" : "failed", e.getAttribute("type"),
                                        e.getTextContent());
                    }
                }
                out.put(key, o);
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read the launcher's report " + xml + ": " + e + "\n" + r.describe(), e);
        }
        return out;
    }

    static Executable statuses(Map<String, Outcome> outcomes, List<String> passed, List<String> failed) {
        return () -> {
            Map<String, String> expected = new TreeMap<>();
            passed.forEach(t -> expected.put(t, "passed"));
            failed.forEach(t -> expected.put(t, "failed"));
            Map<String, String> actual = new TreeMap<>();
            outcomes.forEach((t, o) -> actual.put(t, o.status()));
            assertEquals(expected, actual, "outcome of every test");
        };
    }

    /** {@code test} failed with an AssertionError whose report lists exactly {@code sites}, and whose stack is the first's. */
    /**
     * {@code test} failed with {@code headline} and exactly {@code sites} (header to first frame); the failure's stack
     * is the first site's, the oldest resource (give several in acquisition order: a {@code LinkedHashMap}).
     */
    static Executable leak(Map<String, Outcome> outcomes, String test, String headline, Map<String, String> sites) {
        return () -> {
            Outcome o = outcomes.get(test);
            assertTrue(o != null && o.status().equals("failed"), test + " should fail, was " + o);
            assertEquals("java.lang.AssertionError", o.type(), test + ": failure type");
            String message = o.message();
            assertEquals(headline, message.substring(0, message.indexOf('\n')), test + ": headline");
            String test0 = test.substring(test.indexOf('.') + 1);
            assertTrue(message.contains("\n=== leakwatch report (test " + test0 + ") pid "), test + ": report header in\n" + message);
            assertEquals(sites, o.sites(), test + ": the report's sites (header -> first frame) in\n" + message);
            assertEquals(sites.values().iterator().next(), o.firstAt(), test + ": the failure's stack is the leak's");
            assertFalse(message.contains("Note:"), test + ": no note about concurrent tests in a sequential run");
        };
    }

    static Executable configurationError(Map<String, Outcome> outcomes, String test, String message, Result r,
                                         String ranLine) {
        return () -> {
            Outcome o = outcomes.get(test);
            assertTrue(o != null && o.status().equals("failed"), test + " should fail, was " + o);
            assertEquals("org.junit.jupiter.api.extension.ExtensionConfigurationException", o.type(), test + ": type");
            assertEquals(message, o.message(), test + ": message");
            assertFalse(r.stdoutLines().contains(ranLine), test + ": the test body must not run");
        };
    }

    static Executable openAtExit(Result r, String description) {
        return () -> {
            List<String> states = new ArrayList<>();
            for (JsonNode res : r.resources()) {
                if (description.equals(res.path("description").asText())) {
                    states.add(res.path("state").asText());
                }
            }
            assertEquals(List.of("open"), states, "'" + description + "' in the exit report");
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void annotatedAndAutoDetectedTestsFailExactlyWhenTheyLeak(Jdk jdk) {
        Result r = junit(jdk, "junit-checked", List.of(AUTODETECT), CheckedScenarios.class,
                         AutoDetectedScenarios.class).run();
        Map<String, Outcome> o = outcomes(r);
        String c = "CheckedScenarios.";
        String a = "AutoDetectedScenarios.";
        String trackedByDefault = "file, socket, pipe, selector, threadpool, jdbc, jdbcpool, cuda, process, thread, tempfile";
        r.check(
            () -> assertEquals(1, r.exitCode(), "the launcher's exit code with failed tests"),
            statuses(o,
                     List.of(c + "clean()", c + "usesFilesOpenedBeforeIt()", c + "underATimeout()",
                             c + "closesAFileAsynchronouslyWithLinger()", c + "shutsAPoolDownAsynchronouslyWithLinger()",
                             c + "allowedByDescription()", c + "allowedByADeeperFrame()",
                             c + "kindsLeaveOutOtherKinds()", c + "startsAThreadThatEndsWithinTheGrace()",
                             c + "writesInItsTempDir(Path)",
                             a + "cleanWithoutAnnotation()", a + "annotationWins()"),
                     List.of(c + "leavesAFileOpen()", c + "opensAFileOnAnotherThread()", c + "leavesAThreadRunning()",
                             c + "leavesATempFile()",
                             c + "closesAFileAsynchronouslyWithoutLinger()",
                             c + "shutsAPoolDownAsynchronouslyWithoutLinger()", c + "allowListsOnlyTheOthers()",
                             c + "kindsListOnlyThoseKinds()", c + "unknownKind()", c + "kindNotTracked()",
                             a + "leaksWithoutAnnotation()")),
            leak(o, c + "leavesAFileOpen()", "leakwatch: test leavesAFileOpen()" + LEAK_HEADLINE_1,
                 Map.of("Open file: 1 resource, e.g. left-open.txt (write)", r.site("leaves-a-file-open"))),
            leak(o, c + "opensAFileOnAnotherThread()", "leakwatch: test opensAFileOnAnotherThread()" + LEAK_HEADLINE_1,
                 Map.of("Open file: 1 resource, e.g. other-thread.txt (write)", r.site("other-thread"))),
            () -> {
                // a temporary file left on disk is the test's leak, named by its path
                Outcome temp = o.get(c + "leavesATempFile()");
                String header = temp.sites().keySet().iterator().next();
                assertTrue(header.matches("Open tempfile: 1 resource, 0 B, e\\.g\\. .*/left-behind\\d+\\.tmp "
                                          + "\\(temporary file, 0 B\\)"), header);
                leak(o, c + "leavesATempFile()", "leakwatch: test leavesATempFile()" + LEAK_HEADLINE_1,
                     Map.of(header, r.site("temp-file-left"))).execute();
            },
            // a thread the test started and left running (after the grace for threads that are ending) is its leak
            leak(o, c + "leavesAThreadRunning()", "leakwatch: test leavesAThreadRunning()" + LEAK_HEADLINE_1,
                 Map.of("Open thread: 1 resource, e.g. left-running-thread (daemon, WAITING)",
                        r.site("thread-left-running"))),
            () -> {
                // below the test method, reflection and JUnit are left out; a thread's own stack is kept whole
                String m = o.get(c + "leavesAFileOpen()").message();
                assertTrue(m.matches("(?s).*\n    #0 \\Q" + r.site("leaves-a-file-open") + "\\E\n"
                                     + "    \\(\\d+ frames of reflection and JUnit left out\\)\n"
                                     + "    in test \\Q" + CheckedScenarios.class.getName() + "#leavesAFileOpen\\E\n\n.*"),
                           m);
                String t = o.get(c + "opensAFileOnAnotherThread()").message();
                assertTrue(t.contains("\n    #0 " + r.site("other-thread") + "\n    #1 java.base/java.lang.Thread.run("), t);
                assertFalse(m.contains("socket: open 0"), "counters of kinds with nothing to report are left out");
            },
            leak(o, c + "closesAFileAsynchronouslyWithoutLinger()",
                 "leakwatch: test closesAFileAsynchronouslyWithoutLinger()"
                 + " left 2 resources behind (2 open, 0 leaked); close them, or allow them with @LeakCheck(allow = ...)",
                 inOrder("Open file: 1 resource, e.g. async.txt (write)", r.site("async-file"),
                         "Open thread: 1 resource, e.g. closer (daemon, TIMED_WAITING)", r.site("closer"))),
            () -> {
                Outcome pool = o.get(c + "shutsAPoolDownAsynchronouslyWithoutLinger()");
                Map<String, String> sites = pool.sites();
                assertEquals(1, sites.size(), "one site in " + pool.message());
                String header = sites.keySet().iterator().next();
                assertTrue(header.matches("Open threadpool: 1 resource, e\\.g\\. java\\.util\\.concurrent\\."
                                          + "ThreadPoolExecutor core 1, max 1, thread names pool-\\d+-thread-N;"
                                          + " 1 live threads, 0 queued tasks"), header);
                leak(o, c + "shutsAPoolDownAsynchronouslyWithoutLinger()",
                     "leakwatch: test shutsAPoolDownAsynchronouslyWithoutLinger()" + LEAK_HEADLINE_1,
                     Map.of(header, r.site("async-pool"))).execute();
            },
            leak(o, c + "allowListsOnlyTheOthers()", "leakwatch: test allowListsOnlyTheOthers()" + LEAK_HEADLINE_1,
                 Map.of("Open file: 1 resource, e.g. not-allowed.txt (write)", r.site("not-allowed"))),
            leak(o, c + "kindsListOnlyThoseKinds()", "leakwatch: test kindsListOnlyThoseKinds()" + LEAK_HEADLINE_1,
                 Map.of("Open file: 1 resource, e.g. kinds-file.txt (write)", r.site("kinds-file"))),
            leak(o, a + "leaksWithoutAnnotation()", "leakwatch: test leaksWithoutAnnotation()" + LEAK_HEADLINE_1,
                 Map.of("Open file: 1 resource, e.g. auto-leak.txt (write)", r.site("auto-leak"))),
            () -> assertTrue(o.get(c + "kindsListOnlyThoseKinds()").message().contains("\nfile: open 1, leaked 0,"),
                             "the counts of the filtered report"),
            configurationError(o, c + "unknownKind()", "@LeakCheck on CheckedScenarios.unknownKind(): unknown kind"
                               + " 'files'; valid kinds: file, socket, pipe, selector, threadpool, jdbc, jdbcpool, cuda, "
                               + "statement, process, thread, tempfile", r, "RAN unknownKind"),
            configurationError(o, c + "kindNotTracked()", "@LeakCheck on CheckedScenarios.kindNotTracked(): kind"
                               + " 'statement' is not tracked by the leakwatch agent in this JVM (it tracks "
                               + trackedByDefault + "); add it to the agent's kinds option, e.g."
                               + " -javaagent:leakwatch-agent.jar=kinds=all;statement", r, "RAN kindNotTracked"),
            () -> {
                // opened before the tests (static initializer, @BeforeAll) or per test and closed (@BeforeEach,
                // @AfterEach), allowed, or of another kind: tracked, but in no failure
                for (Map.Entry<String, Outcome> e : o.entrySet()) {
                    for (String name : List.of("static-init.txt", "before-all.txt", "per-test.txt", "lazy-cache",
                                               "cache.bin", "other-kind.txt", "auto-allowed.txt", "Open socket")) {
                        assertFalse(e.getValue().text().contains(name), e.getKey() + " mentions " + name);
                    }
                }
            },
            openAtExit(r, "static-init.txt (write)"),
            openAtExit(r, "before-all.txt (write)"),
            openAtExit(r, "lazy-cache-1.bin (write)"),
            openAtExit(r, "cache.bin (write)"),
            openAtExit(r, "other-kind.txt (write)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void withoutAutoDetectionUnannotatedTestsAreNotChecked(Jdk jdk) {
        Result r = junit(jdk, "junit-no-autodetect", List.of(), AutoDetectedScenarios.class).run();
        Map<String, Outcome> o = outcomes(r);
        String a = "AutoDetectedScenarios.";
        r.check(
            () -> assertEquals(0, r.exitCode(), "the launcher's exit code"),
            statuses(o, List.of(a + "leaksWithoutAnnotation()", a + "cleanWithoutAnnotation()", a + "annotationWins()"),
                     List.of()),
            openAtExit(r, "auto-leak.txt (write)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void concurrentTestsShareTheBlameAndSaySo(Jdk jdk) {
        Result r = junit(jdk, "junit-parallel", List.of("junit.jupiter.execution.parallel.enabled=true",
                                                        "junit.jupiter.execution.parallel.config.strategy=fixed",
                                                        "junit.jupiter.execution.parallel.config.fixed.parallelism=2"),
                         ParallelScenarios.class).run();
        Map<String, Outcome> o = outcomes(r);
        String p = "ParallelScenarios.";
        List<Executable> checks = new ArrayList<>();
        checks.add(statuses(o, List.of(), List.of(p + "leaks()", p + "clean()")));
        for (String[] test : new String[][] {{"leaks()", "clean()"}, {"clean()", "leaks()"}}) {
            checks.add(() -> {
                Outcome out = o.get(p + test[0]);
                assertEquals("java.lang.AssertionError", out.type(), test[0]);
                assertEquals(Map.of("Open file: 1 resource, e.g. parallel.txt (write)", r.site("parallel-leak")),
                             out.sites(), test[0] + ": the file is blamed on both tests");
                assertTrue(out.message().endsWith(
                               "Note: 1 other test checked by leakwatch ran at the same time: ParallelScenarios > "
                               + test[1] + ". A resource is blamed on every test running when it was acquired,"
                               + " whichever thread acquired it, so these may be theirs. Run leak-checked tests one at"
                               + " a time: @Execution(SAME_THREAD), @ResourceLock or @Isolated.\n"),
                           test[0] + ": the note names the other test:\n" + out.message());
            });
        }
        r.check(checks.toArray(new Executable[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void withoutTheAgentACheckedTestFailsWithTheArgLineToAdd(Jdk jdk) {
        Result r = junit(jdk, "junit-no-agent", List.of(), NoAgentScenarios.class).withoutAgent().run();
        Map<String, Outcome> o = outcomes(r);
        String v = System.getProperty("leakwatch.version");
        if (v == null) {
            fail("system property leakwatch.version is not set (run through Maven)");
        }
        String expected = "leakwatch: @LeakCheck cannot check test checked(): the leakwatch agent is not attached to"
                          + " this JVM (no -javaagent:leakwatch-agent.jar).\n"
                          + "With Maven, add to the maven-surefire-plugin's <configuration>:\n"
                          + "    <argLine>-javaagent:${settings.localRepository}/io/leakwatch/agent/" + v + "/agent-" + v
                          + "-javaagent.jar</argLine>\n"
                          + "and to <dependencies>, so that Maven downloads that jar:\n"
                          + "    <dependency><groupId>io.leakwatch</groupId><artifactId>agent</artifactId><version>" + v
                          + "</version><classifier>javaagent</classifier><scope>test</scope></dependency>\n"
                          + "or give the path of a leakwatch-agent.jar you have: <argLine>-javaagent:/path/to/"
                          + "leakwatch-agent.jar</argLine> (Gradle: test { jvmArgs \"-javaagent:/path/to/"
                          + "leakwatch-agent.jar\" }).";
        r.check(
            () -> assertEquals(1, r.exitCode(), "the launcher's exit code"),
            statuses(o, List.of(), List.of("NoAgentScenarios.checked()")),
            configurationError(o, "NoAgentScenarios.checked()", expected, r, "RAN checked"));
    }

    /**
     * Without the extension, the exit report of a JVM the console launcher ran: the only site is the test's own leak;
     * what the JUnit Platform makes for itself (its parallel executor, the timeout scheduler) is the test runner's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aLimitReachedWhileATestRanIsNamedInItsFailure(Jdk jdk) {
        // the extension hears the limit as a listener of the agent's events, as any application can
        Result r = junit(jdk, "junit-limit", List.of(), LimitScenarios.class)
            .agentOptions("report={dir}/report.json,limit.file=1").run();
        Map<String, Outcome> o = outcomes(r);
        String test = "LimitScenarios.leaksPastALimit()";
        r.check(
            statuses(o, List.of(), List.of(test)),
            () -> assertTrue(o.get(test).message().endsWith("Limits reached while it ran:\n"
                                                             + "  leakwatch: limit.file=1 reached (1 open), allowed\n"),
                             o.get(test).message()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theLaunchersOwnResourcesAreTheRunnersNotTheApplications(Jdk jdk) {
        Result r = junit(jdk, "junit-runner-owned", List.of("junit.jupiter.execution.parallel.enabled=true",
                                                            "junit.jupiter.execution.parallel.mode.default=concurrent"),
                         RunnerScenarios.class)
            .agentOptions("report={dir}/report.json,report.include=runner").run();
        Map<String, Outcome> o = outcomes(r);
        List<String> runnerFrames = new ArrayList<>();
        for (JsonNode s : r.report().path("heldApart").path("sites")) {
            assertEquals("runner", s.path("owner").asText(), s.toString());
            runnerFrames.add(s.path("stack").path(0).asText());
        }
        r.check(
            () -> assertEquals(0, r.exitCode(), "every test passes"),
            statuses(o, List.of("RunnerScenarios.leavesARandomAccessFileOpen()",
                                "RunnerScenarios.closesWhatItOpensUnderATimeout()"), List.of()),
            Expect.one(r, "runner-scenario-leak", "file", "open", "index.bin (read/write)"),
            () -> assertEquals(1, r.sites().size(), "the only site is the test's leak: " + r.sites()),
            r.counts("file", 1, 0),
            r.counts("threadpool", 0, 0),
            // the Platform's fork-join executor and the timeout scheduler were made, and were never the application's
            () -> assertEquals(0, r.count("threadpool", "acquired"), "threadpool.acquired"),
            () -> assertTrue(runnerFrames.stream().allMatch(f -> f.startsWith("org.junit.")),
                             "the runner's sites are at JUnit's code: " + runnerFrames),
            r.countsConsistent(),
            r.countsConsistent("threadpool"));
    }

    /** Two sites in acquisition order, as {@link #leak} takes them. */
    static Map<String, String> inOrder(String header1, String site1, String header2, String site2) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(header1, site1);
        m.put(header2, site2);
        return m;
    }
}
