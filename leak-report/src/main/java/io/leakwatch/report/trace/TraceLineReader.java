package io.leakwatch.report.trace;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of one trace file, like {@link java.io.BufferedReader#readLine()}, but telling whether the last line read
 * was ended by a line break: the agent ends every line with one, so a last line without it is a line it is writing
 * now (its writer flushes in 64K blocks, mid-line) or was stopped while writing. Lines end at {@code \n}; a
 * {@code \r} before it is dropped.
 *
 * <p>Not thread-safe; lives for one read of one file.
 */
final class TraceLineReader {
    private final Reader in;
    private final char[] buffer;
    private int position;
    private int end;
    private boolean ended = true;
    private final StringBuilder line = new StringBuilder(256);

    TraceLineReader(Reader in, int bufferSize) {
        this.in = in;
        this.buffer = new char[bufferSize];
    }

    /**
     * The next line without its line break, or {@code null} at the end of the file.
     *
     * @param limit the most characters read: a longer line is returned cut there, and the rest of the file is left
     *              unread (for a first line, which a file that is no trace may not end for gigabytes)
     */
    String next(int limit) throws IOException {
        line.setLength(0);
        boolean any = false;
        while (true) {
            if (position == end) {
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    ended = false;
                    return any ? strip() : null;
                }
                position = 0;
                end = n;
            }
            any = true;
            int start = position;
            int room = limit - line.length();
            int stop = end - start <= room ? end : start + room;
            while (position < stop && buffer[position] != '\n') {
                position++;
            }
            line.append(buffer, start, position - start);
            if (position < end && buffer[position] == '\n') {
                position++;
                ended = true;
                return strip();
            }
            if (line.length() >= limit) {
                ended = false;
                return line.toString();
            }
        }
    }

    /** The next line, of any length; see {@link #next(int)}. */
    String next() throws IOException {
        return next(Integer.MAX_VALUE);
    }

    /** Whether the last line {@link #next} returned was ended by a line break. */
    boolean ended() {
        return ended;
    }

    private String strip() {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }
}
