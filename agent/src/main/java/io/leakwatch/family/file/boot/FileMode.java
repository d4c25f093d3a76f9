package io.leakwatch.family.file.boot;

import io.leakwatch.bootstrap.KindRules;

/**
 * How a file resource was opened, as small constants so a tracked record stores one int instead of a string.
 *
 * <p>Also the family's {@link KindRules}: a file is described by its path and these words ({@code a.txt (read)}).
 *
 * <p>Thread-safe (constants only).
 */
public final class FileMode implements KindRules {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int APPEND = 4;
    public static final int DIRECTORY = 8;
    public static final int ZIP = 16;
    public static final int ASYNC = 32;

    FileMode() {
    }

    @Override
    public String describe(Object detail, int flags, Object resource) {
        return detail + " (" + describe(flags) + ")";
    }

    /** The words shown after the path in a description, e.g. {@code read/write}. */
    static String describe(int mode) {
        if ((mode & DIRECTORY) != 0) {
            return "directory";
        }
        if ((mode & ZIP) != 0) {
            return "zip";
        }
        String rw;
        if ((mode & APPEND) != 0) {
            rw = "append";
        } else if ((mode & READ) != 0 && (mode & WRITE) != 0) {
            rw = "read/write";
        } else if ((mode & WRITE) != 0) {
            rw = "write";
        } else {
            rw = "read";
        }
        return (mode & ASYNC) != 0 ? "async " + rw : rw;
    }
}
