package io.leakwatch.family.tempfile.boot;

import io.leakwatch.bootstrap.ByteUnits;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One temporary file or directory: its path, and what was on disk when it was last measured (its size; a directory's
 * whole tree, walked up to {@value #MAX_ENTRIES} entries, and how many files it holds). Its {@code toString()} is its
 * description: {@code /tmp/report-123.csv (temporary file, 4 KiB)}, {@code /tmp/work-456 (temporary directory,
 * 3 files, 12 KiB)}.
 *
 * <p>Thread-safe: the measured values are volatile, written by whichever thread measured last.
 */
final class TempFileDetail {
    /** A directory tree larger than this is measured in part, and said to be at least that large. */
    static final int MAX_ENTRIES = 10_000;

    final long key;
    final String path;
    final boolean directory;
    private volatile long bytes;
    private volatile int files;
    private volatile boolean partial;

    TempFileDetail(long key, String path, boolean directory) {
        this.key = key;
        this.path = path;
        this.directory = directory;
    }

    long bytes() {
        return bytes;
    }

    boolean exists() {
        return Files.exists(Paths.get(path), LinkOption.NOFOLLOW_LINKS);
    }

    /** Measures it now and returns its size in bytes (what could be read of it). */
    long measure() {
        Path p = Paths.get(path);
        if (!directory) {
            try {
                bytes = Files.size(p);
            } catch (IOException | RuntimeException e) {
                // gone meanwhile, or unreadable: the last size stands
            }
            return bytes;
        }
        Walk walk = new Walk();
        try {
            Files.walkFileTree(p, walk);
        } catch (IOException | RuntimeException e) {
            // what was walked stands
        }
        files = walk.files;
        partial = walk.entries >= MAX_ENTRIES;
        bytes = walk.bytes;
        return bytes;
    }

    @Override
    public String toString() {
        if (!directory) {
            return path + " (temporary file, " + ByteUnits.format(bytes) + ")";
        }
        int n = files;
        return path + " (temporary directory, " + (partial ? "at least " : "") + n + (n == 1 ? " file, " : " files, ")
               + ByteUnits.format(bytes) + ")";
    }

    /** Sums a tree's regular files, up to {@link #MAX_ENTRIES} entries. A class, not a lambda (boot loader code). */
    private static final class Walk extends SimpleFileVisitor<Path> {
        long bytes;
        int files;
        int entries;

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
                bytes += attrs.size();
                files++;
            }
            return ++entries >= MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
        }
    }
}
