package io.leakwatch.it;

import io.leakwatch.it.apps.JfrApp;
import io.leakwatch.it.apps.JfrLifeApp;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * leakwatch's JDK Flight Recorder events in a recording started the usual way ({@code -XX:StartFlightRecording}, the
 * JDK's {@code profile} settings and the agent's {@code leakwatch.jfc}, written by {@code java -jar
 * leakwatch-agent.jar jfc}), with no leakwatch option, read back with {@code jdk.jfr.consumer.RecordingFile}, on each
 * JDK.
 */
class JfrTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aRecordingStartedLaterWithJcmdHasTheEventsWithinSeconds(Jdk jdk) throws Exception {
        Path jfcFile = leakwatchJfc(jdk);
        try (LiveChild child = LiveChild.start(jdk, "jfr-late", 1024, List.of(), "report={dir}/report.json")) {
            child.send("files 7");
            Path recording = child.dir().resolve("late.jfr");
            Path jcmd = jdk.java().resolveSibling("jcmd");
            run(jcmd.toString(), Long.toString(child.pid()), "JFR.start", "name=late", "settings=" + jfcFile);
            // the agent joins within 5 s of the recorder's start, then OpenResources comes every second
            Thread.sleep(8000);
            run(jcmd.toString(), Long.toString(child.pid()), "JFR.dump", "name=late", "filename=" + recording);
            List<Long> fileOpen = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
                if (e.getEventType().getName().equals("leakwatch.OpenResources") && e.getString("kind").equals("file")) {
                    fileOpen.add(e.getLong("open"));
                }
            }
            assertTrue(fileOpen.size() >= 2, fileOpen.toString());
            assertTrue(fileOpen.stream().allMatch(n -> n >= 7), fileOpen.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aRecordingThatAsksForThemHasEveryAcquisitionAndTheReleasesPastTheThreshold(Jdk jdk) throws Exception {
        Path jfcFile = leakwatchJfc(jdk);
        Result r = AgentRun.of(jdk, "jfr-life", JfrLifeApp.class)
            .jvmArg("-XX:StartFlightRecording:settings=profile,settings=" + jfcFile
                    + ",leakwatch.ResourceAcquired#enabled=true,leakwatch.ResourceReleased#enabled=true"
                    + ",leakwatch.ResourceReleased#threshold=200ms,filename={dir}/app.jfr")
            .run().expectSuccess();
        String file = r.value("file");
        List<RecordedEvent> acquired = new ArrayList<>();
        List<RecordedEvent> released = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(r.dir().resolve("app.jfr"))) {
            String name = e.getEventType().getName();
            if (!name.startsWith("leakwatch.Resource") || !e.getString("description").contains(file)) {
                continue;
            }
            if (name.equals("leakwatch.ResourceAcquired")) {
                acquired.add(e);
            } else if (name.equals("leakwatch.ResourceReleased")) {
                released.add(e);
            }
        }
        List<String> acquiredAt = new ArrayList<>();
        List<Integer> acquiredLines = new ArrayList<>();
        for (RecordedEvent e : acquired) {
            acquiredAt.add(e.getString("acquiredAt").split("\n")[0]);
            acquiredLines.add(firstLineOf(e, JfrLifeApp.class));
        }
        Map<Long, String> siteById = new TreeMap<>();
        for (RecordedEvent e : acquired) {
            siteById.put(e.getLong("resourceId"), e.getString("acquiredAt").split("\n")[0]);
        }
        r.check(
            // every acquisition (the default threshold is 0), in order, with its stack: the field's application frame
            // first, the recorder's own stack trace through the same line
            () -> assertEquals(List.of(r.site("quick"), r.site("held"), r.site("held"), r.site("kept")), acquiredAt,
                               acquired.toString()),
            () -> assertEquals(List.of(lineOf(r.site("quick")), lineOf(r.site("held")), lineOf(r.site("held")),
                                       lineOf(r.site("kept"))), acquiredLines),
            () -> assertEquals(4, siteById.size(), "distinct resource ids"),
            () -> assertTrue(acquired.stream().allMatch(e -> e.getString("kind").equals("file")
                                                            && e.getString("description").endsWith("(read)")
                                                            && e.getThread().getJavaName().equals("main")),
                             acquired.toString()),
            // the quick close is under the 200 ms threshold, the kept file is never closed: the 2 held ones only
            () -> assertEquals(2, released.size(), released.toString()),
            () -> {
                for (RecordedEvent e : released) {
                    assertEquals(r.site("held"), siteById.get(e.getLong("resourceId")), e.toString());
                    assertEquals(r.site("held"), e.getString("acquiredAt").split("\n")[0]);
                    assertEquals(r.site("heldClose"), e.getString("releasedAt").split("\n")[0]);
                    assertEquals(lineOf(r.site("heldClose")), firstLineOf(e, JfrLifeApp.class));
                    assertEquals("main", e.getString("acquiringThread"));
                    assertEquals("main", e.getThread().getJavaName());
                    // the event spans the hold
                    assertTrue(e.getDuration().toMillis() >= 350, e.toString());
                    assertTrue(e.getDuration("held").toMillis() >= 350, e.toString());
                }
            },
            () -> {
                for (RecordedEvent e : acquired) {
                    assertEquals(List.of("leakwatch"), e.getEventType().getCategoryNames());
                }
                for (RecordedEvent e : released) {
                    assertEquals(List.of("leakwatch"), e.getEventType().getCategoryNames());
                }
            },
            r.counts("file", 1, 0));
    }

    /** The line number of the first frame of {@code type} in the recorder's stack trace of {@code e}, or -1. */
    private static int firstLineOf(RecordedEvent e, Class<?> type) {
        if (e.getStackTrace() == null) {
            return -1;
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (f.getMethod().getType().getName().equals(type.getName())) {
                return f.getLineNumber();
            }
        }
        return -1;
    }

    /** The line number of a frame printed as {@code Class.method(File.java:N)}. */
    private static int lineOf(String frame) {
        return Integer.parseInt(frame.substring(frame.lastIndexOf(':') + 1, frame.length() - 1));
    }

    /** {@code leakwatch.jfc} as the agent's command line writes it, in a new directory. */
    private static Path leakwatchJfc(Jdk jdk) throws Exception {
        Path settings = Files.createTempDirectory("leakwatch-jfc");
        AgentCli.Run jfc = AgentCli.run(jdk, settings, "jfc");
        assertEquals(0, jfc.status(), jfc.describe());
        Path jfcFile = settings.resolve("leakwatch.jfc");
        Files.writeString(jfcFile, jfc.stdout(), StandardCharsets.UTF_8);
        return jfcFile;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), List.of(command).toString());
        assertEquals(0, p.exitValue(), List.of(command) + ": " + out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aRecordingHasTheLeaksTheLimitTheResourcesHeldTooLongAndTheOpenCounts(Jdk jdk) throws Exception {
        Path jfcFile = leakwatchJfc(jdk);
        Result r = AgentRun.of(jdk, "jfr", JfrApp.class)
            .jvmArg("-XX:StartFlightRecording:settings=profile,settings=" + jfcFile + ",filename={dir}/app.jfr")
            .agentOptions("report={dir}/report.json,limit.file=3,holdthreshold=300ms").run().expectSuccess();
        List<RecordedEvent> events = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(r.dir().resolve("app.jfr"))) {
            if (e.getEventType().getName().startsWith("leakwatch.")) {
                events.add(e);
            }
        }
        Map<String, List<RecordedEvent>> byName = new TreeMap<>();
        for (RecordedEvent e : events) {
            byName.computeIfAbsent(e.getEventType().getName(), k -> new ArrayList<>()).add(e);
        }
        List<RecordedEvent> leaked = byName.getOrDefault("leakwatch.ResourceLeaked", List.of());
        List<RecordedEvent> limits = byName.getOrDefault("leakwatch.LimitReached", List.of());
        List<RecordedEvent> held = byName.getOrDefault("leakwatch.ResourceHeldTooLong", List.of());
        List<RecordedEvent> counts = byName.getOrDefault("leakwatch.OpenResources", List.of());
        r.check(
            () -> assertEquals(1, leaked.size(), byName.keySet().toString()),
            // disabled by default, and leakwatch.jfc leaves them so
            () -> assertEquals(false, byName.containsKey("leakwatch.ResourceAcquired"), byName.keySet().toString()),
            () -> assertEquals(false, byName.containsKey("leakwatch.ResourceReleased"), byName.keySet().toString()),
            () -> assertEquals("file", leaked.get(0).getString("kind")),
            () -> assertEquals(r.site("over"), leaked.get(0).getString("acquiredAt").split("\n")[0]),
            () -> assertEquals("main", leaked.get(0).getString("acquiringThread")),
            () -> assertTrue(leaked.get(0).getString("description").endsWith(".txt (read)")),
            () -> assertTrue(leaked.get(0).getDuration("held").toMillis() >= 0),
            () -> assertEquals(1, limits.size()),
            () -> assertEquals(3, limits.get(0).getLong("limit")),
            () -> assertEquals(3, limits.get(0).getLong("open")),
            () -> assertEquals(false, limits.get(0).getBoolean("refused")),
            () -> assertEquals(r.site("kept"), limits.get(0).getString("topHolder")),
            () -> assertEquals(3, held.size()),
            () -> {
                for (RecordedEvent e : held) {
                    assertEquals(r.site("kept"), e.getString("acquiredAt").split("\n")[0]);
                    assertTrue(e.getDuration("held").toMillis() >= 300, e.toString());
                }
            },
            () -> assertTrue(counts.stream().anyMatch(e -> e.getString("kind").equals("file")
                                                           && e.getLong("open") == 3), counts.toString()),
            () -> {
                for (RecordedEvent e : events) {
                    assertEquals(List.of("leakwatch"), e.getEventType().getCategoryNames(), e.getEventType().getName());
                }
            },
            r.counts("file", 3, 1));
    }
}
