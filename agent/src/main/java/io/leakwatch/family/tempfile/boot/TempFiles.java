package io.leakwatch.family.tempfile.boot;

import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceKind;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The temporary files and directories on disk that the application created, by absolute path: each is a block of the
 * kind in bytes ({@link Hooks#allocated}), keyed by a number of its own, whose size is measured again whenever the
 * registry is read ({@link Refresh}) and before a byte limit is compared. One no longer on disk is released however
 * it went (a {@code Files.delete}, a recursive delete of its directory, another process).
 *
 * <p>A temporary file or directory created inside a tracked temporary directory is part of it (its bytes are the
 * directory's), not listed again: JUnit's {@code @TempDir} holds what a test creates in it.
 *
 * <p>Thread-safe: a concurrent map; a refresh and a creation may race, which at worst measures a size twice.
 */
final class TempFiles {
    private static final ConcurrentHashMap<String, TempFileDetail> BY_PATH = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong(1);

    private TempFiles() {
    }

    /** Whether any temporary file is tracked: the common case of a delete costs this one read. */
    static boolean any() {
        return !BY_PATH.isEmpty();
    }

    /** {@code path} was created; {@code capturedAt} is its stack (always recorded: it decides whose it is). */
    static void created(String path, boolean directory, Throwable capturedAt) {
        if (insideTracked(path)) {
            return;
        }
        TempFileDetail d = new TempFileDetail(KEYS.getAndIncrement(), path, directory);
        BY_PATH.put(path, d);
        Hooks.allocated(ResourceKind.TEMPFILE, d.key, 0, -1, 0, d, capturedAt);
    }

    /** {@code path} is no longer the application's to delete (deleted, or handed to {@code deleteOnExit}). */
    static void gone(String path) {
        TempFileDetail d = BY_PATH.remove(path);
        if (d != null) {
            Hooks.freed(ResourceKind.TEMPFILE, d.key);
        }
    }

    /** Releases those no longer on disk and measures the others; run as the agent (its I/O is not tracked). */
    static void refresh() {
        for (TempFileDetail d : BY_PATH.values()) {
            if (!d.exists()) {
                gone(d.path);
                continue;
            }
            long before = d.bytes();
            long now = d.measure();
            if (now != before) {
                Hooks.resized(ResourceKind.TEMPFILE, d.key, now);
            }
        }
    }

    private static boolean insideTracked(String path) {
        if (BY_PATH.isEmpty()) {
            return false;
        }
        for (Path p = Paths.get(path).getParent(); p != null; p = p.getParent()) {
            if (BY_PATH.containsKey(p.toString())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The family's refresher ({@link Hooks#onRefresh}): a named class, not a lambda (code in the boot loader spins no
     * hidden classes).
     */
    static final class Refresh implements Runnable {
        @Override
        public void run() {
            refresh();
        }
    }
}
