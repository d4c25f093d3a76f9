package io.leakwatch.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReportReaderTest {

    private static final String VALID = "valid: a leakwatch-report/1 or leakwatch-report/2 JSON report, as written by "
                                        + "the agent with report=FILE.json or format=json";

    @TempDir
    Path dir;

    @Test
    void roundTripsTheSample() throws IOException {
        assertRoundTrip(Reports.sample());
    }

    @Test
    void roundTripsAnEmptyReport() throws IOException {
        assertRoundTrip(Reports.empty());
    }

    @Test
    void roundTripsBytesDevicesSuppressedAndOddText() throws IOException {
        Map<String, KindCounts> counts = new LinkedHashMap<>();
        counts.put("cuda", new KindCounts(4, 0, 6, 9, 5, 256L << 20,
                List.of(new DeviceCounts(0, 3, 192L << 20), new DeviceCounts(1, 1, 64L << 20))));
        counts.put("file", new KindCounts(0, 0, 1, 1, 1));
        String odd = "<script>alert(1)</script> \"q\" \\ \n\t\u00e9\u2603";
        LeakReport report = new LeakReport(Instant.parse("2024-03-05T07:08:09Z"), "exit", new JvmInfo(99, null),
                counts,
                List.of(new ResourceEntry(1, "cuda", ResourceState.OPEN, odd, null, Instant.EPOCH, 5,
                                          List.of("a.B.c(B.java:1)"), 64L << 20)),
                List.of(new SiteEntry("cuda", ResourceState.OPEN, 4, List.of("a.B.c(B.java:1)"), List.of(odd),
                                      256L << 20)),
                3, 7, 12);
        assertRoundTrip(report);
    }

    @Test
    void roundTripsReleaseSites() throws IOException {
        assertRoundTrip(Reports.withReleases());
    }

    @Test
    void roundTripsTheOpenCountsOverTheRunAndTheHoldTimeDistributions() throws IOException {
        OpenHistory history = new OpenHistory(List.of(1000L, 2000L, 3000L),
                                              java.util.Map.of("file", List.of(0L, 4L, 9L)));
        HoldTimeDistribution files = new HoldTimeDistribution("file", 120,
                                                              List.of(0L, 1L, 2L, 5L, 9L, 20L, 31L, 70L, 95L, 96L));
        assertRoundTrip(Reports.sample().withHistory(history).withHoldTimes(List.of(files)));
    }

    @Test
    void readsAVersion1ReportWithoutReleases() throws IOException {
        String v2 = Reports.render(ReportFormatType.JSON, Reports.sample());
        String v1 = v1Of(v2);
        assertTrue(v1.startsWith("{\n  \"format\": \"leakwatch-report/1\",\n"), v1);
        assertFalse(v1.contains("releases"), v1);
        LeakReport read = JsonReportReader.read(v1, "v1.json");
        assertEquals(List.of(), read.releases());
        assertEquals(Reports.sample(), read);
        assertEquals(v2, Reports.render(ReportFormatType.JSON, read), "written again as the current version");
        // a field the first contract did not have is not read from a report that claims it
        String v1WithReleases = Reports.render(ReportFormatType.JSON, Reports.withReleases())
                .replace("\"leakwatch-report/2\"", "\"leakwatch-report/1\"");
        assertEquals(Reports.sample(), JsonReportReader.read(v1WithReleases, "v1.json"));
    }

    @Test
    void namesTheBadFieldWithTheReportsOwnVersion() throws IOException {
        String v1 = v1Of(Reports.render(ReportFormatType.JSON, Reports.sample()));
        assertEquals("r.json: is not a valid leakwatch-report/1 report: sites[1].count is \"2\", not a whole number",
                textError(v1.replace("\"count\": 2,", "\"count\": \"2\",")));
        String v2 = Reports.render(ReportFormatType.JSON, Reports.withReleases());
        assertEquals("r.json: is not a valid leakwatch-report/2 report: releases is missing (an array expected)",
                textError(Reports.render(ReportFormatType.JSON, Reports.sample())
                                 .replaceFirst(",\\s*\"releases\": \\[ ]", "")));
        assertEquals("r.json: is not a valid leakwatch-report/2 report: releases[1].doubleReleaseIsFinding is "
                     + "\"yes\", not true or false",
                textError(v2.replace("\"doubleReleaseIsFinding\": true", "\"doubleReleaseIsFinding\": \"yes\"")));
        assertEquals("r.json: is not a valid leakwatch-report/2 report: releases[0].places[1].holdMillis.p90 is "
                     + "missing (a whole number expected)",
                textError(v2.replace("\"p90\": 2,", "")));
        assertEquals("r.json: is not a valid leakwatch-report/2 report: releases[1].doubleReleases[0].second is "
                     + "missing (an array expected)",
                textError(v2.replaceFirst("\"second\": \\[\\s*\"com.example.Dao.shutdown\\(Dao.java:44\\)\"\\s*],", "")));
    }

    /** What the agent wrote before release places: the first format, and no {@code releases}. */
    private static String v1Of(String v2) {
        assertTrue(v2.contains(",\n  \"releases\": [ ]\n}"), v2);
        return v2.replace("\"format\": \"leakwatch-report/2\"", "\"format\": \"leakwatch-report/1\"")
                .replace(",\n  \"releases\": [ ]\n}", "\n}");
    }

    @Test
    void readsAFileWrittenAtomically() throws IOException {
        Path file = dir.resolve("r.json");
        ReportFiles.writeAtomically(Reports.sample(), ReportFormatType.JSON, file);
        assertEquals(Reports.sample(), JsonReportReader.read(file));
    }

    @Test
    void ignoresFieldsAddedLater() throws IOException {
        String json = Reports.render(ReportFormatType.JSON, Reports.sample())
                .replace("\"reason\": \"exit\",", "\"reason\": \"exit\", \"future\": {\"x\": [1, 2.5, true, null]},");
        assertEquals(Reports.sample(), JsonReportReader.read(json, "r.json"));
    }

    @Test
    void readsAReportWithAByteOrderMark() throws IOException {
        assertEquals(Reports.sample(), JsonReportReader.read("\uFEFF" + Reports.render(ReportFormatType.JSON,
                Reports.sample()), "r.json"));
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.json");
        assertEquals(missing + ": no such file; " + VALID, fileError(missing));
    }

    @Test
    void directory() {
        assertEquals(dir + ": is a directory, not a report file; " + VALID, fileError(dir));
    }

    @Test
    void textReport() throws IOException {
        Path text = dir.resolve("leaks.json");
        ReportFiles.writeAtomically(Reports.sample(), ReportFormatType.TEXT, text);
        assertEquals(text + ": is a leakwatch text report, not JSON; " + VALID, fileError(text));
    }

    @Test
    void htmlReport() throws IOException {
        Path html = dir.resolve("leaks.json");
        ReportFiles.writeAtomically(Reports.sample(), ReportFormatType.HTML, html);
        assertEquals(html + ": is an HTML report, not JSON; " + VALID, fileError(html));
    }

    @Test
    void malformedJson() {
        assertEquals("r.json: is not valid JSON (Unexpected end-of-input within/between Object entries at "
                     + "line 2, column 1); " + VALID,
                textError("{\"format\": \"leakwatch-report/1\",\n"));
        assertEquals("r.json: is not valid JSON (Unexpected character ('}' (code 125)): was expecting double-quote "
                     + "to start field name at line 1, column 34); " + VALID,
                textError("{\"format\": \"leakwatch-report/1\", }"));
    }

    @Test
    void emptyAndTrailing() {
        assertEquals("r.json: is empty; " + VALID, textError("  \n"));
        assertEquals("r.json: has more after the report's closing '}' at line 1, column 4; " + VALID,
                textError("{} []"));
    }

    @Test
    void anotherFormat() {
        assertEquals("r.json: is JSON but not a leakwatch report (it has no \"format\" field); " + VALID,
                textError("{\"name\": \"my-app\", \"version\": \"1.0.0\"}"));
        assertEquals("r.json: has \"format\": \"leakwatch-report/3\", not \"leakwatch-report/1\" or "
                     + "\"leakwatch-report/2\"; " + VALID, textError("{\"format\": \"leakwatch-report/3\"}"));
        assertEquals("r.json: has \"format\": 1, not \"leakwatch-report/1\" or \"leakwatch-report/2\"; " + VALID,
                textError("{\"format\": 1}"));
        assertEquals("r.json: is JSON but not a leakwatch report (its root is not an object); " + VALID,
                textError("[1, 2]"));
    }

    @Test
    void namesTheBadField() throws IOException {
        String json = Reports.render(ReportFormatType.JSON, Reports.sample());
        assertEquals("r.json: is not a valid leakwatch-report/2 report: sites[1].count is \"2\", not a whole number",
                textError(json.replace("\"count\": 2,", "\"count\": \"2\",")));
        assertEquals("r.json: is not a valid leakwatch-report/2 report: resources[0].state is \"closed\"; valid: "
                     + "\"open\", \"leaked\"", textError(json.replaceFirst("\"state\": \"open\"", "\"state\": \"closed\"")));
        assertEquals("r.json: is not a valid leakwatch-report/2 report: createdAt is \"yesterday\", not an ISO-8601 "
                     + "UTC time such as \"2024-03-05T07:08:09.012Z\"",
                textError(json.replace("2024-03-05T07:08:09.012Z", "yesterday")));
        assertEquals("r.json: is not a valid leakwatch-report/2 report: counts.file.peak is missing (a whole number "
                     + "expected)", textError(json.replace("\"peak\": 9,", "")));
        assertEquals("r.json: is not a valid leakwatch-report/2 report: jvm is null (an object expected)",
                textError(json.replaceFirst("\"jvm\": \\{[^}]*}", "\"jvm\": null")));
        assertEquals("r.json: is not a valid leakwatch-report/2 report: sites[0].stack[0] is 42, not a string",
                textError(json.replaceFirst("\"com.example.Foo.load\\(Foo.java:42\\)\"(?=,\\s*\"com.example.Main"
                                            + ".main\\(Main.java:7\\)\"\\s*],\\s*\"examples)", "42")));
    }

    private static void assertRoundTrip(LeakReport report) throws IOException {
        String json = Reports.render(ReportFormatType.JSON, report);
        LeakReport read = JsonReportReader.read(json, "test");
        assertEquals(report, read);
        assertEquals(json, Reports.render(ReportFormatType.JSON, read), "written again, byte for byte");
    }

    private static String fileError(Path file) {
        return assertThrows(ReportInputException.class, () -> JsonReportReader.read(file)).getMessage();
    }

    private static String textError(String json) {
        return assertThrows(ReportInputException.class, () -> JsonReportReader.read(json, "r.json")).getMessage();
    }
}
