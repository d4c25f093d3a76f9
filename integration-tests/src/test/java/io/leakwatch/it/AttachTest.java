package io.leakwatch.it;

import io.leakwatch.it.apps.AttachApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar leakwatch-agent.jar attach <pid> [options]}: the agent loaded into a JVM that started without it
 * (see {@link AttachApp}); what was opened before the attach is not known, counts start there; bad process ids and a
 * second attach.
 */
class AttachTest {
    static final int AFTER = 4;

    /** A child JVM running {@link AttachApp}, started without the agent. */
    record Child(Jdk jdk, Process process, Path dir, List<String> command) {
        static Child start(Jdk jdk, String name, String... jvmArgs) {
            Path dir = AgentRun.newFolder(jdk, name);
            List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-Xmx25m"));
            command.addAll(List.of(jvmArgs));
            command.addAll(List.of("-cp", AgentRun.testClasses().toString(), AttachApp.class.getName(),
                                   dir.resolve("go").toString(), Integer.toString(AFTER)));
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("child.stdout").toFile()).redirectError(dir.resolve("child.stderr").toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            try {
                Child c = new Child(jdk, pb.start(), dir, command);
                c.awaitReady();
                return c;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void awaitReady() {
            long deadline = System.currentTimeMillis() + 30_000;
            while (!read("child.stdout").contains("ready")) {
                if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new AssertionError("the child never got ready: " + read("child.stderr"));
                }
                sleep(50);
            }
        }

        String read(String file) {
            try {
                return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** Lets the child go on past the attach, and waits for its exit. */
        Result finish() {
            try {
                Files.writeString(dir.resolve("go"), "go");
                if (!process.waitFor(AgentRun.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the child did not exit: " + read("child.stderr"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Result(jdk, command, dir, read("child.stdout"), read("child.stderr"), process.exitValue(),
                              process.pid(), 0, dir.resolve("r.json"));
        }
    }

    /** What one run of the attach command did. */
    record Command(int exit, String stdout, String stderr) {
        List<String> errLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\r?\n"));
        }
    }

    static Command attach(Jdk jdk, Path workDir, String... args) {
        return cli(jdk, workDir, "attach", args);
    }

    /** {@code java -jar leakwatch-agent.jar COMMAND ARGS...} run in {@code workDir}. */
    static Command cli(Jdk jdk, Path workDir, String name, String... args) {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar", AgentRun.agentJar().toString(),
                                                       name));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workDir, "attach", ".out");
            Path err = Files.createTempFile(workDir, "attach", ".err");
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the attach command did not finish");
            return new Command(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void attachedLaterTheAgentCountsFromTheAttachOnly(Jdk jdk) {
        Child child = Child.start(jdk, "attach");
        String pid = Long.toString(child.process().pid());
        // a relative report path is the command's directory's, not the target JVM's
        Command first = attach(jdk, child.dir(), pid, "report=r.json");
        Command second = attach(jdk, child.dir(), pid, "report=other.json");
        // in a JVM that runs the agent, a limit changes at once (through its MBeans); the child opens AFTER files
        Command limit = attach(jdk, child.dir(), pid, "limit.file=" + (AFTER - 1));
        // its report, with no JMX set-up, before the child opens anything the agent sees
        Command live = cli(jdk, child.dir(), "report", pid);
        Command liveJson = cli(jdk, child.dir(), "report", pid, "--output", "live.json");
        Result r = child.finish().expectSuccess();
        r.check(() -> assertEquals(0, first.exit(), "exit status of the attach: " + first),
                () -> assertEquals("leakwatch: attached to JVM " + pid + "; tracking from now on (resources opened"
                                   + " before are not known), options report=" + child.dir().resolve("r.json"),
                                   first.stdout().trim(), "what the attach says"),
                () -> assertEquals(new Command(1, "leakwatch: already active in JVM " + pid + "; not loaded again\n",
                                               "leakwatch attach: not applied (fixed when the agent started): report="
                                               + child.dir().resolve("other.json") + "; only limits change while it"
                                               + " runs (limit.KIND=N here, or the Limit attribute of"
                                               + " io.leakwatch:type=Resources,kind=KIND)\n"), second,
                                   "a second attach loads nothing, and says what it did not apply"),
                () -> assertEquals(new Command(0, "leakwatch: already active in JVM " + pid + "; not loaded again;"
                                               + " applied: limit.file=" + (AFTER - 1) + "\n", ""), limit),
                () -> assertEquals(1, r.stderrLines().stream()
                                       .filter(l -> l.startsWith("leakwatch: limit.file=" + (AFTER - 1) + " reached ("
                                                                 + (AFTER - 1) + " open), allowed (onlimit=warn)"))
                                       .count(), "the limit set while it ran was crossed once: " + r.stderr()),
                () -> assertEquals(0, live.exit(), "report <pid>: " + live),
                () -> assertTrue(live.stdout().startsWith("=== leakwatch report (jmx) pid " + pid + ", Java "),
                                 "the live text report: " + live),
                () -> assertEquals(new Command(0, "leakwatch report: wrote " + child.dir().resolve("live.json")
                                               + " (json) from JVM " + pid + "\n", ""), liveJson),
                () -> assertTrue(Files.readString(child.dir().resolve("live.json")).contains("\"format\"")
                                 && Files.readString(child.dir().resolve("live.json")).contains("leakwatch-report/2"),
                                 "the live JSON report"),
                () -> assertTrue(!Files.exists(child.dir().resolve("other.json")), "no second agent, no second report"),
                Expect.many(r, "after-attach", "file", "open", AFTER, "attach.txt (read)"::equals, "attach.txt"),
                r.onlyAnnouncedSites(),
                r.counts("file", AFTER, 0),
                // the loop's opens after the attach were closed; the three opened before it were never counted
                () -> assertEquals(AFTER, r.count("file", "acquired") - r.count("file", "released"),
                                   "acquired - released"),
                r.countsConsistent("file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void badProcessIdsGetOneLineAndStatus2(Jdk jdk) throws Exception {
        Path dir = AgentRun.newFolder(jdk, "attach-bad");
        Command word = attach(jdk, dir, "abc");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Command dead = attach(jdk, dir, Long.toString(gone.pid()));
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        Command notJava;
        try {
            notJava = attach(jdk, dir, Long.toString(sleeper.pid()));
        } finally {
            sleeper.destroy();
        }
        Command none = attach(jdk, dir);
        Command badOption = attach(jdk, dir, Long.toString(ProcessHandle.current().pid()), "depth=deep");
        Command finalNotJava = notJava;
        org.junit.jupiter.api.Assertions.assertAll(
            () -> assertEquals(new Command(2, "", "leakwatch attach: 'abc' is not a process id (a positive number, as"
                               + " jps or ps shows); usage: java -jar leakwatch-agent.jar attach <pid> [key=value ...]\n"),
                               word),
            () -> assertEquals(new Command(2, "", "leakwatch attach: no process with id " + gone.pid()
                               + " (jps lists the running JVMs)\n"), dead),
            () -> assertEquals(new Command(2, "", "leakwatch attach: process " + sleeper.pid() + " is not a Java"
                               + " virtual machine (jps lists the running JVMs)\n"), finalNotJava),
            () -> assertEquals(2, none.exit(), "no pid: " + none),
            () -> assertEquals(1, none.errLines().size(), "one line: " + none),
            () -> assertEquals(2, badOption.exit(), "bad option: " + badOption),
            () -> assertEquals(List.of("leakwatch attach: option depth: 'deep' is not a whole number from 1 to 1024",
                                       "leakwatch attach: nothing attached; usage: java -jar leakwatch-agent.jar attach"
                                       + " <pid> [key=value ...]"), badOption.errLines(), "bad option"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aJvmThatForbidsDynamicAgentsGetsTheHint(Jdk jdk) {
        jdk.java();
        Assumptions.assumeTrue(jdk.feature() >= 21, "-XX:-EnableDynamicAgentLoading exists from JDK 21 on");
        Child child = Child.start(jdk, "attach-forbidden", "-XX:-EnableDynamicAgentLoading");
        String pid = Long.toString(child.process().pid());
        Command c = attach(jdk, child.dir(), pid, "report=r.json");
        Result r = child.finish().expectSuccess();
        r.check(() -> assertEquals(new Command(1, "", "leakwatch attach: JVM " + pid + " does not allow agents to be"
                                   + " loaded while it runs; start it with -XX:+EnableDynamicAgentLoading (JDK 21 and"
                                   + " later), or with -javaagent:" + AgentRun.agentJar() + "\n"), c),
                () -> assertTrue(!Files.exists(child.dir().resolve("r.json")), "no agent, no report"));
    }
}
