package io.leakwatch.report.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceLineReaderTest {

    /** Each line, with {@code |} after it when a line break ended it. */
    private static List<String> lines(String text, int bufferSize) throws IOException {
        TraceLineReader in = new TraceLineReader(new StringReader(text), bufferSize);
        List<String> out = new ArrayList<>();
        for (String line = in.next(); line != null; line = in.next()) {
            out.add(line + (in.ended() ? "|" : ""));
        }
        return out;
    }

    @Test
    void linesAcrossBufferBoundariesWithAndWithoutAFinalBreak() throws IOException {
        for (int size : new int[] {1, 2, 3, 7, 64}) {
            assertEquals(List.of("abcdef|", "|", "gh|", "ij"), lines("abcdef\n\r\ngh\r\nij", size), "buffer " + size);
            assertEquals(List.of("abcdef|", "gh|"), lines("abcdef\ngh\n", size), "buffer " + size);
        }
        assertEquals(List.of(), lines("", 4));
    }

    @Test
    void aLimitedLineIsCutAndNotEnded() throws IOException {
        TraceLineReader in = new TraceLineReader(new StringReader("abcdefgh\nij\n"), 3);
        assertEquals("abcde", in.next(5));
        assertFalse(in.ended());
        TraceLineReader exact = new TraceLineReader(new StringReader("abc\n"), 2);
        assertEquals("abc", exact.next(3));
        TraceLineReader empty = new TraceLineReader(new StringReader(""), 2);
        assertNull(empty.next(3));
        TraceLineReader shorter = new TraceLineReader(new StringReader("ab\ncd"), 2);
        assertEquals("ab", shorter.next(3));
        assertTrue(shorter.ended());
    }
}
