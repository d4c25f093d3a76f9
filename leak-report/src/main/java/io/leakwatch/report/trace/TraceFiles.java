package io.leakwatch.report.trace;

import io.leakwatch.report.ReportInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The files of one trace, opened: {@code FILE} (the current one) and its rotated siblings {@code FILE.1} (the
 * previous one), {@code FILE.2}, ..., up to the first number that does not exist; listed oldest first. A rotated file
 * given by name ({@code FILE.2}) has no siblings of its own ({@code FILE.2.1}), so it is read alone.
 *
 * <p>Every file is opened before the first is read: the agent may rotate while a large trace is read, renaming
 * {@code FILE} to {@code FILE.1} and so on, and an open file is read to its end whatever its name becomes. Only the
 * moments between the opens can still see a rotation.
 *
 * <p>Not thread-safe; {@link #close() close} it when done.
 */
final class TraceFiles implements AutoCloseable {
    private final List<Path> paths;
    private final List<InputStream> streams;

    private TraceFiles(List<Path> paths, List<InputStream> streams) {
        this.paths = paths;
        this.streams = streams;
    }

    /**
     * Opens {@code file} and its existing siblings.
     *
     * @throws ReportInputException when {@code file} is missing, a directory or unreadable
     */
    static TraceFiles open(Path file) throws ReportInputException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ReportInputException(source + ": is a directory, not a trace file; " + TraceReader.VALID);
        }
        List<Path> paths = new ArrayList<>();
        List<InputStream> streams = new ArrayList<>();
        try {
            streams.add(Files.newInputStream(file));
            paths.add(file);
            for (int n = 1; ; n++) {
                Path sibling = file.resolveSibling(file.getFileName() + "." + n);
                if (!Files.isRegularFile(sibling)) {
                    break;
                }
                try {
                    streams.add(Files.newInputStream(sibling));
                    paths.add(sibling);
                } catch (NoSuchFileException e) {
                    // rotated away (the oldest is deleted) since it was seen: the trace ends at the one before
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            throw new ReportInputException(source + ": no such file; " + TraceReader.VALID, e);
        } catch (AccessDeniedException e) {
            closeAll(streams);
            throw new ReportInputException(e.getFile() + ": cannot be read (permission denied); " + TraceReader.VALID,
                                           e);
        } catch (IOException e) {
            closeAll(streams);
            throw new ReportInputException(source + ": cannot be read (" + e + "); " + TraceReader.VALID, e);
        }
        Collections.reverse(paths);
        Collections.reverse(streams);
        return new TraceFiles(List.copyOf(paths), streams);
    }

    /** The files, oldest first. */
    List<Path> paths() {
        return paths;
    }

    /** The open stream of {@code paths().get(i)}. */
    InputStream stream(int i) {
        return streams.get(i);
    }

    @Override
    public void close() {
        closeAll(streams);
    }

    private static void closeAll(List<InputStream> streams) {
        for (InputStream s : streams) {
            try {
                s.close();
            } catch (IOException e) {
                // read-only streams: nothing was lost, and the read's own outcome is what matters
            }
        }
    }
}
