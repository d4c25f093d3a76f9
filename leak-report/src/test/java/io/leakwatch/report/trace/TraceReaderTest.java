package io.leakwatch.report.trace;

import io.leakwatch.report.ReportInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceReaderTest {

    private static final String HEADER = "{\"event\":\"trace\",\"format\":\"leakwatch-trace/1\",\"pid\":1}";

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String dropped(String time, int count) {
        return "{\"event\":\"dropped\",\"time\":\"" + time + "\",\"count\":" + count + "}";
    }

    /** Every event, in the order read. */
    private static final class All implements TraceListener {
        final List<TraceEvent> events = new ArrayList<>();

        @Override
        public void event(TraceEvent event) {
            events.add(event);
        }
    }

    @Test
    void readsTheRotatedFilesOldestFirstUpToTheFirstMissingNumber() throws IOException {
        Path trace = write("t", HEADER, dropped("c", 3));
        write("t.1", HEADER, dropped("b", 2));
        write("t.2", HEADER, dropped("a", 1));
        // no t.3: t.4 belongs to no rotation this run made, and is not read
        write("t.4", HEADER, dropped("z", 9));
        All all = new All();
        TraceSpan span = TraceReader.read(trace, all);
        assertEquals(new TraceSpan(3, "a", "c"), span);
        assertEquals(List.of(1L, 2L, 3L), all.events.stream().map(TraceEvent::count).toList());
    }

    @Test
    void skipsUnknownTypesRepeatedHeadersAndBlankLinesAndReadsCrLfAndAByteOrderMark() throws IOException {
        Path trace = dir.resolve("t");
        Files.writeString(trace, "\uFEFF" + HEADER + "\r\n\r\n" + HEADER + "\r\n"
                                 + "{\"event\":\"checkpoint\",\"id\":[]}\r\n" + dropped("a", 4) + "\r\n   \r\n");
        All all = new All();
        assertEquals(new TraceSpan(1, "a", "a"), TraceReader.read(trace, all));
        assertEquals(1, all.events.size());
        assertEquals(TraceEvent.Type.DROPPED, all.events.get(0).type());
    }

    @Test
    void aFileWithoutLineBreaksIsNoTraceAndIsNotReadWhole() throws IOException {
        Path blob = dir.resolve("heap.hprof");
        Files.writeString(blob, "{\"event\":\"trace\",\"format\":\"leakwatch-trace/1\",\"x\":\""
                                + "a".repeat(1 << 20) + "\"}");
        ReportInputException e = assertThrows(ReportInputException.class, () -> TraceReader.read(blob, new All()));
        assertEquals(blob + " is not a leakwatch trace (its first line must be {\"event\":\"trace\",\"format\":"
                     + "\"leakwatch-trace/1\",...}); write one with -javaagent:leakwatch-agent.jar=trace=FILE",
                     e.getMessage());
    }

    @Test
    void stopsReadingOnceTheListenerIsDone() throws IOException {
        Path trace = write("t", HEADER,
              "{\"event\":\"site\",\"site\":2,\"stack\":[\"a.B.c(B.java:1)\"]}",
              "{\"event\":\"acquire\",\"id\":5,\"kind\":\"file\",\"time\":\"a\",\"thread\":\"main\",\"site\":2,"
              + "\"description\":\"x\"}",
              "{\"event\":\"release\",\"id\":5,\"kind\":\"file\",\"time\":\"b\",\"thread\":\"main\",\"site\":2,"
              + "\"description\":\"x\"}",
              "not read, so not checked");
        ResourceLife life = new ResourceLife(5);
        TraceSpan span = TraceReader.read(trace, life);
        assertEquals(new TraceSpan(1, "a", "b"), span);
        assertTrue(life.found());
        assertEquals(List.of("a.B.c(B.java:1)"), life.stack().orElseThrow());
        assertEquals(TraceEvent.NONE, life.ended().orElseThrow().heldMillis(), "heldMillis is optional");

        // a question that needs the whole trace meets the bad line
        ReportInputException e = assertThrows(ReportInputException.class,
                                              () -> TraceReader.read(trace, new SiteHistory(2)));
        assertEquals(trace + ":5: not a JSON object: not read, so not checked; each line of a leakwatch-trace/1 "
                     + "trace is one JSON object", e.getMessage());
    }

    @Test
    void siteHistoryKeepsOnlyItsSite() throws IOException {
        Path trace = write("t", HEADER,
              "{\"event\":\"site\",\"site\":1,\"stack\":[\"a\"]}",
              "{\"event\":\"site\",\"site\":2,\"stack\":[\"b\"]}",
              "{\"event\":\"acquire\",\"id\":1,\"kind\":\"file\",\"time\":\"t1\",\"thread\":\"main\",\"site\":1,"
              + "\"description\":\"x\"}",
              "{\"event\":\"acquire\",\"id\":2,\"kind\":\"socket\",\"time\":\"t2\",\"thread\":\"main\",\"site\":2,"
              + "\"description\":\"y\"}",
              "{\"event\":\"leak\",\"id\":1,\"kind\":\"file\",\"time\":\"t3\",\"thread\":\"main\",\"site\":1,"
              + "\"description\":\"x\",\"heldMillis\":9}");
        SiteHistory site = new SiteHistory(2);
        TraceReader.read(trace, site);
        assertEquals("socket", site.kind().orElseThrow());
        assertEquals(List.of("b"), site.stack().orElseThrow());
        assertEquals(1, site.acquisitions().size());
        assertEquals(SiteHistory.Ending.OPEN, site.acquisitions().get(0).ending());
        assertEquals(0, site.count(SiteHistory.Ending.LEAKED));
    }
}
