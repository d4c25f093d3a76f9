package io.leakwatch.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesFullContentAndLeavesNoTempFile() throws IOException {
        Path target = dir.resolve("nested/deeper/report.json");
        ReportFiles.writeAtomically(Reports.sample(), ReportFormatType.JSON, target);

        assertEquals(Reports.render(ReportFormatType.JSON, Reports.sample()),
                Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of("report.json"), names(target.getParent()));
    }

    @Test
    void writesARenderedReportTheSameWay() throws IOException {
        Path target = dir.resolve("live/now.html");
        java.nio.file.Files.writeString(dir.resolve("placeholder"), "x");
        ReportFiles.writeAtomically("<p>caf\u00e9</p>", target);
        ReportFiles.writeAtomically("<p>again</p>", target);
        org.junit.jupiter.api.Assertions.assertEquals("<p>again</p>", java.nio.file.Files.readString(target));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(target.getParent())) {
            org.junit.jupiter.api.Assertions.assertEquals(List.of(target), files.toList(), "no temporary file left");
        }
    }

    @Test
    void replacesAnExistingReport() throws IOException {
        Path target = dir.resolve("report.txt");
        Files.writeString(target, "an older, much longer report that must be gone completely afterwards ".repeat(50));

        ReportFiles.writeAtomically(Reports.empty(), ReportFormatType.TEXT, target);

        assertEquals(Reports.render(ReportFormatType.TEXT, Reports.empty()), Files.readString(target));
        assertEquals(List.of("report.txt"), names(dir));
    }

    @Test
    void writesUtf8() throws IOException {
        Path target = dir.resolve("r.txt");
        LeakReport report = new LeakReport(Instant.EPOCH, "d\u00e9part \u2603", new JvmInfo(1, "17"),
                java.util.Map.of(), List.of(), List.of(), 0);
        ReportFiles.writeAtomically(report, ReportFormatType.TEXT, target);
        assertTrue(Files.readString(target, StandardCharsets.UTF_8).contains("(d\u00e9part \u2603)"));
    }

    @Test
    void removesTempFileWhenTheMoveFails() throws IOException {
        // A non-empty directory cannot be replaced by a file, so the final move must fail.
        Path target = dir.resolve("report.json");
        Files.createDirectories(target.resolve("occupied"));

        assertThrows(IOException.class,
                () -> ReportFiles.writeAtomically(Reports.sample(), ReportFormatType.JSON, target));

        assertEquals(List.of("report.json"), names(dir));
        assertTrue(Files.isDirectory(target.resolve("occupied")), "target left as it was");
    }

    @Test
    void expandsPlaceholders() {
        Instant now = Instant.parse("2024-03-05T07:08:09.012Z");
        assertEquals("/tmp/leaks-42-20240305T070809.012Z.json",
                ReportFiles.expandPlaceholders("/tmp/leaks-{pid}-{timestamp}.json", 42, now));
        assertEquals("42/42", ReportFiles.expandPlaceholders("{pid}/{pid}", 42, now));
        assertEquals("r-20240305T070809.000Z", ReportFiles.expandPlaceholders("r-{timestamp}", 1,
                Instant.parse("2024-03-05T07:08:09Z")), "millis always present, fixed width");
        assertEquals("plain.txt", ReportFiles.expandPlaceholders("plain.txt", 42, null));
        assertEquals("{PID}{time}", ReportFiles.expandPlaceholders("{PID}{time}", 42, now), "exact tokens only");
    }

    @Test
    void expandedPathIsUsable() throws IOException {
        String pattern = dir.resolve("leaks-{pid}-{timestamp}.txt").toString();
        Path target = Path.of(ReportFiles.expandPlaceholders(pattern, 99, Instant.EPOCH));
        ReportFiles.writeAtomically(Reports.empty(), ReportFormatType.TEXT, target);
        assertEquals(List.of("leaks-99-19700101T000000.000Z.txt"), names(dir));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
