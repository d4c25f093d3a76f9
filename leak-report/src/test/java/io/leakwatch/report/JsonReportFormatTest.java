package io.leakwatch.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReportFormatTest {

    @Test
    void writesEveryFieldOfTheContract() throws IOException {
        Map<String, Object> root = asMap(parse(Reports.render(ReportFormatType.JSON, Reports.sample())));

        assertEquals(List.of("format", "createdAt", "reason", "jvm", "counts", "jvmInternalOpen", "heldApart",
                "agentFailures", "resources", "sites", "releases"), new ArrayList<>(root.keySet()));
        assertEquals(Map.of("jvm", 2L, "runner", 0L, "agents", 0L, "unusedPools", 0L), root.get("heldApart"));
        assertEquals("leakwatch-report/2", root.get("format"));
        assertEquals(List.of(), root.get("releases"));
        assertEquals("2024-03-05T07:08:09.012Z", root.get("createdAt"));
        assertEquals("exit", root.get("reason"));
        assertEquals(Map.of("pid", 1234L, "javaVersion", "17.0.15"), root.get("jvm"));
        assertEquals(2L, root.get("jvmInternalOpen"));
        assertEquals(0L, root.get("agentFailures"));

        Map<String, Object> counts = asMap(root.get("counts"));
        assertEquals(List.of("socket", "file"), new ArrayList<>(counts.keySet()), "map order kept");
        Map<String, Object> file = asMap(counts.get("file"));
        assertEquals(List.of("open", "leaked", "peak", "acquired", "released"), new ArrayList<>(file.keySet()));
        assertEquals(List.of(3L, 1L, 9L, 120L, 116L), new ArrayList<>(file.values()));
        assertEquals(List.of(0L, 2L, 4L, 10L, 8L), new ArrayList<>(asMap(counts.get("socket")).values()));

        List<Object> resources = asList(root.get("resources"));
        assertEquals(2, resources.size());
        Map<String, Object> r = asMap(resources.get(0));
        assertEquals(List.of("id", "kind", "state", "description", "thread", "acquiredAt", "ageMillis", "stack"),
                new ArrayList<>(r.keySet()));
        assertEquals(17L, r.get("id"));
        assertEquals("file", r.get("kind"));
        assertEquals("open", r.get("state"));
        assertEquals("data/orders.csv (read)", r.get("description"));
        assertEquals("main", r.get("thread"));
        assertEquals("2024-03-05T07:08:07.778Z", r.get("acquiredAt"));
        assertEquals(1234L, r.get("ageMillis"));
        assertEquals(Reports.FILE_STACK, r.get("stack"));
        Map<String, Object> leaked = asMap(resources.get(1));
        assertEquals("leaked", leaked.get("state"));
        assertEquals("2024-03-05T07:08:08Z", leaked.get("acquiredAt"));

        List<Object> sites = asList(root.get("sites"));
        assertEquals(2, sites.size());
        Map<String, Object> site = asMap(sites.get(0));
        assertEquals(List.of("kind", "state", "count", "stack", "examples", "suppression"),
                new ArrayList<>(site.keySet()));
        assertEquals("file:^com.example.Foo.load(Foo.java:42)", site.get("suppression"));
        assertEquals("file", site.get("kind"));
        assertEquals("open", site.get("state"));
        assertEquals(500L, site.get("count"));
        assertEquals(Reports.FILE_STACK, site.get("stack"));
        // JSON is the machine form: every example the producer chose, not the text form's first three.
        assertEquals(4, asList(site.get("examples")).size());
        assertEquals("leaked", asMap(sites.get(1)).get("state"));
    }

    @Test
    void writesReleaseSitesWithTheirPlacesAndDoubleReleases() throws IOException {
        Map<String, Object> root = asMap(parse(Reports.render(ReportFormatType.JSON, Reports.withReleases())));
        assertEquals(List.of("format", "createdAt", "reason", "jvm", "counts", "jvmInternalOpen", "heldApart",
                "agentFailures", "resources", "sites", "releases"), new ArrayList<>(root.keySet()));
        List<Object> releases = asList(root.get("releases"));
        assertEquals(2, releases.size());

        Map<String, Object> file = asMap(releases.get(0));
        assertEquals(List.of("kind", "stack", "released", "open", "leaked", "places", "doubleReleases",
                "doubleReleaseIsFinding"), new ArrayList<>(file.keySet()));
        assertEquals("file", file.get("kind"));
        assertEquals(Reports.FILE_STACK, file.get("stack"));
        assertEquals(100L, file.get("released"), "the places' counts summed");
        assertEquals(3L, file.get("open"));
        assertEquals(0L, file.get("leaked"));
        assertEquals(Boolean.FALSE, file.get("doubleReleaseIsFinding"));
        List<Object> places = asList(file.get("places"));
        Map<String, Object> first = asMap(places.get(0));
        assertEquals(List.of("stack", "count", "otherThread", "threads", "holdMillis"),
                new ArrayList<>(first.keySet()));
        assertEquals(Reports.CLOSE_STACK, first.get("stack"), "the whole releasing stack");
        assertEquals(97L, first.get("count"));
        assertEquals(0L, first.get("otherThread"));
        assertEquals(List.of("main"), first.get("threads"));
        Map<String, Object> hold = asMap(first.get("holdMillis"));
        assertEquals(List.of("count", "p50", "p90", "p99", "max"), new ArrayList<>(hold.keySet()));
        assertEquals(List.of(97L, 5L, 10L, 20L, 25L), new ArrayList<>(hold.values()));
        Map<String, Object> second = asMap(places.get(1));
        assertEquals(3L, second.get("otherThread"));
        assertEquals(List.of("worker-1", "worker-2"), second.get("threads"));
        Map<String, Object> twice = asMap(asList(file.get("doubleReleases")).get(0));
        assertEquals(List.of("first", "second", "count"), new ArrayList<>(twice.keySet()));
        assertEquals(Reports.CLOSE_STACK, twice.get("first"));
        assertEquals(List.of("com.example.Foo.cleanup(Foo.java:60)"), twice.get("second"));
        assertEquals(2L, twice.get("count"));

        Map<String, Object> jdbc = asMap(releases.get(1));
        assertEquals(Boolean.TRUE, jdbc.get("doubleReleaseIsFinding"));
        assertEquals(12L, jdbc.get("released"), "placed and unplaced");
        assertEquals(1L, jdbc.get("leaked"));
        assertEquals(2L, jdbc.get("unplaced"));
        assertFalse(file.containsKey("unplaced"), "absent where every release was placed");
        Map<String, Object> withoutClose = asMap(asList(jdbc.get("places")).get(1));
        assertEquals(List.of("stack", "count", "otherThread", "threads"), new ArrayList<>(withoutClose.keySet()),
                "no holdMillis where no hold time was recorded");
        assertEquals(List.of(), withoutClose.get("stack"), "released without a close call");
        assertEquals(4L, withoutClose.get("count"));
    }

    @Test
    void isPrettyPrintedWithUnixLineEndings() throws IOException {
        String json = Reports.render(ReportFormatType.JSON, Reports.sample());
        assertTrue(json.startsWith("{\n  \"format\": \"leakwatch-report/2\",\n"), json);
        assertTrue(json.contains("\n  \"jvm\": {\n    \"pid\": 1234,\n    \"javaVersion\": \"17.0.15\"\n  },\n"),
                json);
        assertTrue(json.contains("\"stack\": [\n"), json);
        assertTrue(json.endsWith("}\n"), json);
        assertFalse(json.contains("\r"), json);
    }

    @Test
    void emptyReportHasEmptyCollections() throws IOException {
        Map<String, Object> root = asMap(parse(Reports.render(ReportFormatType.JSON, Reports.empty())));
        assertEquals("request", root.get("reason"));
        assertEquals(Map.of(), root.get("counts"));
        assertEquals(List.of(), root.get("resources"));
        assertEquals(List.of(), root.get("sites"));
        assertEquals(0L, root.get("jvmInternalOpen"));
    }

    @Test
    void escapesDescriptions() throws IOException {
        String nasty = "a \"quoted\"\nname\\with\ttabs \u00e9";
        LeakReport report = new LeakReport(Instant.EPOCH, "exit", new JvmInfo(1, null), Map.of(),
                List.of(new ResourceEntry(1, "file", ResourceState.OPEN, nasty, null, Instant.EPOCH, 0, List.of())),
                List.of(), 0);
        Map<String, Object> root = asMap(parse(Reports.render(ReportFormatType.JSON, report)));
        assertNull(asMap(root.get("jvm")).get("javaVersion"));
        Map<String, Object> r = asMap(asList(root.get("resources")).get(0));
        assertEquals(nasty, r.get("description"));
        assertEquals("", r.get("thread"));
        assertEquals(List.of(), r.get("stack"));
    }

    @Test
    void doesNotCloseTheCallersWriter() throws IOException {
        boolean[] closed = {false};
        StringBuilder sink = new StringBuilder();
        Writer out = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                sink.append(cbuf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ReportFormats.of(ReportFormatType.JSON).write(Reports.sample(), out);
        assertFalse(closed[0]);
        assertTrue(sink.toString().endsWith("}\n"), "everything flushed to the writer");
    }

    @Test
    void factoryReturnsSharedInstances() {
        assertSame(ReportFormats.of(ReportFormatType.JSON), ReportFormats.of(ReportFormatType.JSON));
        assertTrue(ReportFormats.of(ReportFormatType.JSON) instanceof JsonReportFormat);
        assertTrue(ReportFormats.of(ReportFormatType.TEXT) instanceof TextReportFormat);
    }

    // --- a minimal tree reader on the streaming parser, so the tests need no databind either ---

    static Object parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            Object value = read(p, p.nextToken());
            assertNull(p.nextToken(), "one root value only");
            return value;
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    Object previous = map.put(name, read(p, p.nextToken()));
                    assertNull(previous, "duplicate field " + name);
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(read(p, e));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError("unexpected token " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        assertTrue(o instanceof Map, () -> "expected an object, got " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        assertTrue(o instanceof List, () -> "expected an array, got " + o);
        return (List<Object>) o;
    }

    @Test
    void heldApartSitesCarryTheirOwnerAndReadBack() throws Exception {
        LeakReport report = Reports.withHeldApart();
        String json = Reports.render(ReportFormatType.JSON, report);
        Map<String, Object> apart = asMap(asMap(parse(json)).get("heldApart"));
        assertEquals(List.of("jvm", "runner", "agents", "unusedPools", "sites"), new ArrayList<>(apart.keySet()));
        List<?> sites = (List<?>) apart.get("sites");
        assertEquals(List.of("owner", "kind", "state", "count", "stack", "examples"),
                     new ArrayList<>(asMap(sites.get(0)).keySet()), "no suppression rule for what is held apart");
        assertEquals("runner", asMap(sites.get(0)).get("owner"));
        LeakReport back = JsonReportReader.read(json, "test");
        assertEquals(report.heldApart(), back.heldApart());
    }
}
