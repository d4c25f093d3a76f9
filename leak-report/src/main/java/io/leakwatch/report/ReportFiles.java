package io.leakwatch.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes reports to files so that a reader never sees a half-written report.
 *
 * <p>Uses plain {@code java.nio} only and closes every handle before returning: it runs inside the agent, which tracks
 * file opens, so anything it left open would show up in the very report it writes.
 *
 * <p>Thread-safe: stateless. Concurrent writes to the same target are each atomic; the last move wins.
 */
public final class ReportFiles {

    /** Replaced by the process id in {@link #expandPlaceholders}. */
    public static final String PID_PLACEHOLDER = "{pid}";
    /** Replaced by a file-name-safe UTC timestamp in {@link #expandPlaceholders}. */
    public static final String TIMESTAMP_PLACEHOLDER = "{timestamp}";

    // No ':' (illegal in Windows file names) and fixed width, so reports sort by name in time order.
    private static final DateTimeFormatter FILE_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    // Name collisions need a concurrent writer of the same target drawing the same random suffix; a few tries suffice.
    private static final int TEMP_NAME_ATTEMPTS = 5;

    private ReportFiles() {
    }

    /**
     * Writes {@code report} in {@code type} to {@code target} as UTF-8, replacing any existing file atomically where
     * the file system allows it. Creates missing parent directories.
     *
     * <p>The report is first written to a hidden temporary file ({@code .<name>.tmp...}) in the target's directory,
     * because only a rename within one file system is atomic; the temporary file is removed if anything fails.
     *
     * @throws IOException if the directory, the temporary file or the move fails; {@code target} is then unchanged
     */
    public static void writeAtomically(LeakReport report, ReportFormatType type, Path target) throws IOException {
        Objects.requireNonNull(report, "report");
        write(target, report, ReportFormats.of(type), null);
    }

    /**
     * Writes {@code text}, a report already rendered (one a running JVM gave, say), to {@code target} as UTF-8, the
     * same way as {@link #writeAtomically(LeakReport, ReportFormatType, Path)}.
     *
     * @throws IOException if the directory, the temporary file or the move fails; {@code target} is then unchanged
     */
    public static void writeAtomically(String text, Path target) throws IOException {
        Objects.requireNonNull(text, "text");
        write(target, null, null, text);
    }

    /** Writes {@code text}, or {@code report} in {@code format}, through a temporary sibling renamed over {@code target}. */
    private static void write(Path target, LeakReport report, ReportFormat format, String text) throws IOException {
        Path fileName = target.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("report target has no file name: " + target);
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = createTempSibling(target, fileName.toString());
        try {
            writeTo(tmp, report, format, text);
            move(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Expands {@value #PID_PLACEHOLDER} to {@code pid} and {@value #TIMESTAMP_PLACEHOLDER} to {@code now} in UTC as
     * {@code yyyyMMdd'T'HHmmss.SSS'Z'} (for example {@code 20240305T070809.012Z}), every occurrence of each. Lets
     * several JVMs, or several reports of one JVM, share one configured path without overwriting each other.
     */
    public static String expandPlaceholders(String pathPattern, long pid, Instant now) {
        Objects.requireNonNull(pathPattern, "pathPattern");
        String result = pathPattern.replace(PID_PLACEHOLDER, Long.toString(pid));
        if (result.contains(TIMESTAMP_PLACEHOLDER)) {
            Objects.requireNonNull(now, "now");
            result = result.replace(TIMESTAMP_PLACEHOLDER, FILE_TIMESTAMP.format(now));
        }
        return result;
    }

    /**
     * Creates the temporary file itself rather than via {@link Files#createTempFile}, which would make it owner-only
     * and the report would keep those permissions after the rename; this way it gets the usual umask defaults.
     */
    private static Path createTempSibling(Path target, String name) throws IOException {
        FileAlreadyExistsException last = null;
        for (int attempt = 0; attempt < TEMP_NAME_ATTEMPTS; attempt++) {
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path tmp = target.resolveSibling("." + name + ".tmp" + suffix);
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void writeTo(Path tmp, LeakReport report, ReportFormat format, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // Not closed on its own: closing it would close the channel before force(); the channel's
            // try-with-resources releases the one underlying handle either way.
            Writer writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
            if (text != null) {
                writer.write(text);
            } else {
                format.write(report, writer);
            }
            writer.flush();
            // Without this, a crash right after the rename can leave an empty file under the final name.
            channel.force(false);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems cannot rename atomically; a plain replace is still better than no report.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
