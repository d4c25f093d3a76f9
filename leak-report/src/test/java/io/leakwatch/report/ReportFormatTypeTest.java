package io.leakwatch.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReportFormatTypeTest {

    @Test
    void parsesOptionNamesLeniently() {
        assertEquals(ReportFormatType.JSON, ReportFormatType.fromOptionName(" JSON "));
        assertEquals(ReportFormatType.TEXT, ReportFormatType.fromOptionName("text"));
    }

    @Test
    void unknownNameListsTheValidChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportFormatType.fromOptionName("xml"));
        assertEquals("'xml' is not a report format; valid: text, json, html", e.getMessage());
    }

    @Test
    void pathImpliesFormat() {
        assertEquals(ReportFormatType.JSON, ReportFormatType.forPath("/tmp/Leaks.JSON"));
        assertEquals(ReportFormatType.TEXT, ReportFormatType.forPath("/tmp/leaks.txt"));
        assertEquals(ReportFormatType.HTML, ReportFormatType.forPath("/tmp/leaks.html"));
        assertEquals(ReportFormatType.HTML, ReportFormatType.forPath("/tmp/LEAKS.HTM"));
        assertEquals(ReportFormatType.TEXT, ReportFormatType.forPath("/tmp/html"));
    }
}
