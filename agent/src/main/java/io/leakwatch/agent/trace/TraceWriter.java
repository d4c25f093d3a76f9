package io.leakwatch.agent.trace;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.bootstrap.TraceSink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the trace ({@code trace=FILE}): every 10 ms its thread, {@code leakwatch-trace}, drains the registry's
 * per-thread buffers and writes one JSON object per line, then flushes. An acquiring or releasing thread only stores
 * its event in its own buffer: it never waits on this writer or the disk.
 *
 * <p>Format ({@code leakwatch-trace/1}): each file starts with a header line; a site is declared with its stack
 * ({@code "event":"site"}) in each file before its first use there, so every file reads on its own; then
 * {@code acquire}, {@code release}, {@code leak} and {@code refused} lines, and {@code dropped} lines counting what
 * was lost (a full buffer, a failed write). When a line would take the file past {@code maxSize}, the file is
 * rotated: {@code FILE} becomes {@code FILE.1}, {@code FILE.1} becomes {@code FILE.2}, ..., and only {@code files}
 * files are kept.
 *
 * <p>A write that fails (a full disk) loses the lines not yet written, counted as dropped; the writer says so once on
 * standard error and tries again at its next round. The application, its data and the exit report are never touched
 * by it.
 *
 * <p>Thread-safe: the sink methods run on the writer's thread (or, at exit, on the thread that closes it, after the
 * writer's thread stopped); {@link #dropped()} from any thread.
 */
public final class TraceWriter implements TraceSink, Runnable {
    /** How often the buffers are drained: a thread recording up to 100,000 events a second loses none. */
    static final long PERIOD_MILLIS = 10;
    /** The header of every file. */
    static final String FORMAT = "leakwatch-trace/1";
    private static volatile TraceWriter running;

    private final ResourceRegistry registry;
    private final Path path;
    private final long maxSize;
    private final int files;
    private final JsonStringEncoder json = JsonStringEncoder.getInstance();
    private final StringBuilder line = new StringBuilder(256);
    private final StringBuilder siteLine = new StringBuilder(256);
    /** Sites declared in the current file. Writer's thread only. */
    private final BitSet declared = new BitSet();
    private final AtomicLong dropped = new AtomicLong();
    private Writer out;
    private long size;
    private long linesSinceFlush;
    /** Drops not yet written as a {@code dropped} line. Writer's thread only. */
    private long unreported;
    private boolean failedOnce;
    /** The last time formatted ({@link #time}). Writer's thread only. */
    private long lastMillis;
    private String lastTime;
    private volatile boolean stopping;
    private Thread thread;

    private TraceWriter(ResourceRegistry registry, Path path, long maxSize, int files) {
        this.registry = registry;
        this.path = path;
        this.maxSize = maxSize;
        this.files = files;
    }

    /**
     * Starts writing the trace the registry records ({@link ResourceRegistry#startTrace} was called) to {@code path},
     * on a daemon thread of the agent's, with a shutdown hook that writes what is left. Prints one line and returns
     * {@code null} when the file cannot be created.
     */
    public static TraceWriter start(ResourceRegistry registry, Path path, long maxSize, int files) {
        TraceWriter w = new TraceWriter(registry, path.toAbsolutePath(), maxSize, files);
        try {
            w.open();
        } catch (IOException e) {
            System.err.println("leakwatch: the trace cannot be written to " + path + ": " + e + "; no trace");
            return null;
        }
        Thread t = new Thread(w, "leakwatch-trace");
        t.setDaemon(true);
        w.thread = t;
        t.start();
        Runtime.getRuntime().addShutdownHook(new Thread(w::close, "leakwatch-trace-exit"));
        running = w;
        return w;
    }

    /** Events lost so far by the running trace (full buffers, failed writes); 0 without a trace. */
    public static long droppedNow() {
        TraceWriter w = running;
        return w == null ? 0 : w.dropped.get();
    }

    /** Events lost so far: buffers that were full, lines a write could not put on disk. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void run() {
        Hooks.enterAgent();
        try {
            while (!stopping) {
                round();
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            Hooks.exitAgent();
        }
    }

    /** Stops the writer's thread, writes what is left and closes the file. At exit; idempotent. */
    public void close() {
        Hooks.enterAgent();
        try {
            stopping = true;
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.join(1000);
            }
            synchronized (this) {
                round();
                if (out != null) {
                    out.close();
                    out = null;
                }
            }
        } catch (InterruptedException | IOException e) {
            // the last lines are lost; the JVM is exiting
        } finally {
            Hooks.exitAgent();
        }
    }

    /** One drain of the buffers, written and flushed. */
    private synchronized void round() {
        if (out == null && !stopping) {
            reopen();
        }
        registry.drainTrace(this);
        if (unreported > 0 && out != null) {
            long n = unreported;
            unreported = 0;
            line.setLength(0);
            line.append("{\"event\":\"dropped\",\"time\":\"").append(Instant.ofEpochMilli(System.currentTimeMillis()))
                .append("\",\"count\":").append(n)
                .append("}\n");
            write(line, null);
        }
        flush();
    }

    @Override
    public void event(String event, long id, String kind, long timeMillis, String thread, int site, String[] frames,
                      String description, long heldMillis) {
        line.setLength(0);
        line.append("{\"event\":\"").append(event).append('"');
        if (id >= 0) {
            line.append(",\"id\":").append(id);
        }
        line.append(",\"kind\":\"").append(kind).append("\",\"time\":\"").append(time(timeMillis))
            .append("\",\"thread\":\"");
        quote(line, thread);
        line.append("\",\"site\":").append(site).append(",\"description\":\"");
        quote(line, description);
        line.append('"');
        if (heldMillis >= 0) {
            line.append(",\"heldMillis\":").append(heldMillis);
        }
        line.append("}\n");
        write(line, frames == null ? null : new Site(site, frames));
    }

    /** {@code millis} as ISO-8601, the last one kept: the registry's clock steps every 5 ms, so most lines share it. */
    private String time(long millis) {
        if (millis != lastMillis || lastTime == null) {
            lastMillis = millis;
            lastTime = Instant.ofEpochMilli(millis).toString();
        }
        return lastTime;
    }

    @Override
    public void dropped(long count, long timeMillis) {
        dropped.addAndGet(count);
        unreported += count;
    }

    /** A site to declare before the line that uses it. */
    private static final class Site {
        final int id;
        final String[] frames;

        Site(int id, String[] frames) {
            this.id = id;
            this.frames = frames;
        }
    }

    /** Writes {@code text}, its site declared first in this file if it was not; rotates first if it would not fit. */
    private void write(CharSequence text, Site site) {
        if (out == null) {
            lost(1);
            return;
        }
        CharSequence declaration = site != null && !declared.get(site.id) ? declaration(site) : "";
        if (size + declaration.length() + text.length() > maxSize && size > 0) {
            rotate();
            if (out == null) {
                lost(1);
                return;
            }
            declaration = site != null ? declaration(site) : "";
        }
        try {
            if (declaration.length() > 0) {
                out.append(declaration);
                size += declaration.length();
                declared.set(site.id);
                linesSinceFlush++;
            }
            out.append(text);
            size += text.length();
            linesSinceFlush++;
        } catch (IOException e) {
            failed(e);
        }
    }

    private CharSequence declaration(Site site) {
        siteLine.setLength(0);
        siteLine.append("{\"event\":\"site\",\"site\":").append(site.id).append(",\"stack\":[");
        for (int i = 0; i < site.frames.length; i++) {
            siteLine.append(i == 0 ? "\"" : ",\"");
            quote(siteLine, site.frames[i]);
            siteLine.append('"');
        }
        siteLine.append("]}\n");
        return siteLine;
    }

    private void quote(StringBuilder to, String s) {
        json.quoteAsString(s == null ? "" : s, to);
    }

    private void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
            linesSinceFlush = 0;
        } catch (IOException e) {
            failed(e);
        }
    }

    /** A write or flush failed: what was not written is counted as dropped; the file is reopened next round. */
    private void failed(IOException e) {
        lost(Math.max(1, linesSinceFlush));
        linesSinceFlush = 0;
        if (!failedOnce) {
            failedOnce = true;
            System.err.println("leakwatch: the trace could not be written to " + path + " (" + e.getMessage()
                               + "); its lines are dropped and counted until it can be");
        }
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the stream is gone either way
            }
        }
        out = null;
    }

    private void lost(long n) {
        dropped.addAndGet(n);
        unreported += n;
    }

    /**
     * After a failure: the same file again, appended to, so that what was written stays; cut back first to its last
     * whole line, so that a line half written when the disk filled is not joined to the next one.
     */
    private void reopen() {
        try {
            cutToLastLine();
            out = new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE,
                                      java.nio.file.StandardOpenOption.APPEND), StandardCharsets.UTF_8), 1 << 16);
            size = Files.size(path);
            // what was declared before the failure may not have reached the disk: declare again
            declared.clear();
        } catch (IOException e) {
            out = null;
        }
    }

    private void cutToLastLine() throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                 path, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            long end = ch.size();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8192);
            long at = end;
            while (at > 0) {
                int n = (int) Math.min(b.capacity(), at);
                b.clear().limit(n);
                ch.read(b, at - n);
                for (int i = n - 1; i >= 0; i--) {
                    if (b.get(i) == '\n') {
                        if (at - n + i + 1 < end) {
                            ch.truncate(at - n + i + 1);
                        }
                        return;
                    }
                }
                at -= n;
            }
            ch.truncate(0);
        }
    }

    private void open() throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 16);
        declared.clear();
        // its own builder: a rotation happens while the line that caused it waits in the shared one
        StringBuilder header = new StringBuilder(100);
        header.append("{\"event\":\"trace\",\"format\":\"").append(FORMAT).append("\",\"pid\":")
              .append(ProcessHandle.current().pid()).append(",\"javaVersion\":\"");
        quote(header, System.getProperty("java.version"));
        header.append("\"}\n");
        out.append(header);
        size = header.length();
    }

    /** {@code FILE} to {@code FILE.1}, and each older one a number up; the oldest beyond {@code files} goes. */
    private void rotate() {
        try {
            out.close();
        } catch (IOException e) {
            failed(e);
            return;
        }
        out = null;
        try {
            Files.deleteIfExists(rotated(files - 1));
            for (int i = files - 2; i >= 1; i--) {
                Path from = rotated(i);
                if (Files.exists(from)) {
                    Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (files > 1) {
                Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
            }
            open();
        } catch (IOException e) {
            failed(e);
        }
    }

    private Path rotated(int n) {
        return n == 0 ? path : path.resolveSibling(path.getFileName() + "." + n);
    }
}
