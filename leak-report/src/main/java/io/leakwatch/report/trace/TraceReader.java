package io.leakwatch.report.trace;

import io.leakwatch.report.LeakGate;
import io.leakwatch.report.ReportInputException;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a trace the agent wrote with {@code trace=FILE}, the {@value #FORMAT} format, into a {@link TraceListener}:
 * {@code FILE} and its rotated siblings ({@link TraceFiles}), oldest first, as one stream, a line at a time (a trace
 * can be hundreds of MB; nothing but the current line is held here).
 *
 * <p>The first line of every file must be the header, {@code {"event":"trace","format":"leakwatch-trace/1",...}};
 * each further line is one JSON object, parsed by {@link TraceLines}: unknown fields and event types are skipped, blank
 * lines too. Lines after the point where the listener is {@link TraceListener#done() done} are not read, so not
 * checked either.
 *
 * <p>The newest file is the one the agent may be writing while it is read, so two things that are errors elsewhere
 * are not there: being empty (just opened, its header not yet written), and a last line that is malformed and has no
 * line break (being written, or cut short when the JVM was killed): that line is left out.
 *
 * <p>Thread-safe: stateless; every call has its own files and parsers.
 *
 * <pre>{@code
 * ResourceLife life = new ResourceLife(17);
 * TraceSpan span = TraceReader.read(Path.of("app.trace"), life);
 * }</pre>
 */
public final class TraceReader {

    /** The format read, named in the header line of every file. */
    public static final String FORMAT = "leakwatch-trace/1";

    /** How a trace is made: the end of the messages about a file that is not one. */
    static final String HOW = "write one with -javaagent:leakwatch-agent.jar=trace=FILE";

    /** What is valid instead of a missing or unreadable file. */
    static final String VALID = "valid: a " + FORMAT + " trace file; " + HOW;

    /** What the first line must be, as the messages show it. */
    private static final String HEADER = "{\"event\":\"trace\",\"format\":\"" + FORMAT + "\",...}";

    // large blocks: fewer reads and copies on a trace of hundreds of MB
    private static final int BUFFER = 1 << 16;

    /**
     * The longest first line read: far more than any header, far less than a file given by mistake (a binary, a heap
     * dump) may hold before its first line break.
     */
    private static final int HEADER_LIMIT = 1 << 16;

    private TraceReader() {
    }

    /**
     * Reads the trace {@code file} names, with its rotated siblings, into {@code listener}.
     *
     * @return the files read and the times of the first and last events read
     * @throws ReportInputException when a file is missing, unreadable or not a trace, or a line is malformed: the
     *                              message is one line naming the file (and line)
     */
    public static TraceSpan read(Path file, TraceListener listener) throws ReportInputException {
        try (TraceFiles files = TraceFiles.open(file)) {
            List<Path> paths = files.paths();
            Times times = new Times();
            for (int i = 0; i < paths.size() && !listener.done(); i++) {
                TraceLineReader in = new TraceLineReader(new InputStreamReader(files.stream(i),
                                                                               StandardCharsets.UTF_8), BUFFER);
                readOne(paths.get(i), in, i == paths.size() - 1, listener, times);
            }
            return new TraceSpan(paths.size(), times.first, times.last);
        }
    }

    /** @param newest whether this is the file the agent may be writing now */
    private static void readOne(Path path, TraceLineReader in, boolean newest, TraceListener listener, Times times)
            throws ReportInputException {
        String source = path.toString();
        try {
            String header = in.next(HEADER_LIMIT);
            if (header == null && newest) {
                // the agent has just opened it (it writes the header with the first events, within 10 ms)
                return;
            }
            checkHeader(source, header);
            long number = 1;
            for (String line = in.next(); line != null; line = in.next()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                TraceEvent event;
                try {
                    event = TraceLines.parse(line, source + ":" + number);
                } catch (ReportInputException e) {
                    if (newest && !in.ended()) {
                        // the end of the file is a line being written (or cut when the JVM was killed): not yet one
                        return;
                    }
                    throw e;
                }
                if (event == null) {
                    continue;
                }
                if (event.time() != null) {
                    times.saw(event.time());
                }
                listener.event(event);
                if (listener.done()) {
                    return;
                }
            }
        } catch (ReportInputException e) {
            throw e;
        } catch (IOException e) {
            throw new ReportInputException(source + ": cannot be read (" + e + "); " + VALID, e);
        }
    }

    private static void checkHeader(String source, String line) throws ReportInputException {
        if (line == null) {
            throw new ReportInputException(source + " is empty, not a leakwatch trace (its first line must be "
                                           + HEADER + "); " + HOW);
        }
        // a byte-order mark (an editor's re-save) is no reason to reject a trace
        String format = TraceLines.headerFormat(line.startsWith("\uFEFF") ? line.substring(1) : line);
        if (FORMAT.equals(format)) {
            return;
        }
        if (format != null && format.startsWith("leakwatch-trace/")) {
            throw new ReportInputException(source + " is a " + LeakGate.safe(format) + " trace, which this version "
                                           + "does not read (it reads " + FORMAT + "); read it with the "
                                           + "leakwatch-agent.jar that wrote it");
        }
        throw new ReportInputException(source + " is not a leakwatch trace (its first line must be " + HEADER + "); "
                                       + HOW);
    }

    /** The first and last event times seen. Not thread-safe; lives for one read. */
    private static final class Times {
        private String first;
        private String last;

        void saw(String time) {
            if (first == null) {
                first = time;
            }
            last = time;
        }
    }
}
