package io.leakwatch.family.tempfile.boot;

import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceKind;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * What the {@code tempfile} family's advice calls: a temporary file or directory created, deleted through
 * {@code File.delete}, handed to {@code deleteOnExit}, and the byte limit before one is created. The temporary files
 * themselves, their sizes on disk and their ends seen by other means are {@link TempFiles}'.
 *
 * <p>Defined in the boot loader with the bootstrap package (advice inlined into {@code java.nio.file.TempFileHelper}
 * and {@code java.io.File} calls it). Thread-safe. Every entry point suppresses its own failures, but the limit check
 * throws its refusal on purpose.
 */
public final class TempFileHooks {
    static {
        Hooks.onRefresh(new TempFiles.Refresh());
    }

    private TempFileHooks() {
    }

    /**
     * Before a temporary file or directory is created in {@code dir} ({@code null}: the default temporary directory):
     * the sizes on disk are measured afresh, then compared with {@code limit.tempfile.bytes}.
     *
     * @throws FileSystemException when the limit refuses it, naming the directory, as the JDK does when the disk is
     *                             full
     */
    public static void checkLimit(Object dir) throws IOException {
        if (!Hooks.hasLimits()) {
            return;
        }
        String refused;
        try {
            Hooks.enterAgent();
            try {
                TempFiles.refresh();
            } finally {
                Hooks.exitAgent();
            }
            refused = Hooks.refusal(ResourceKind.TEMPFILE, 1);
        } catch (Throwable t) {
            refused = null;
        }
        if (refused != null) {
            throw new FileSystemException(dir == null ? System.getProperty("java.io.tmpdir") : String.valueOf(dir),
                                          null, refused);
        }
    }

    /** {@code pathOrFile} (a {@code Path} or a {@code File}) was created, a directory when {@code directory}. */
    public static void created(Object pathOrFile, boolean directory) {
        try {
            String path = absolute(pathOrFile);
            if (path != null) {
                TempFiles.created(path, directory, new Throwable());
            }
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /** {@code File.delete()} deleted {@code file}: released if it is a temporary file or directory tracked. */
    public static void deleted(Object file) {
        if (TempFiles.any()) {
            try {
                TempFiles.gone(((File) file).getAbsolutePath());
            } catch (Throwable t) {
                Hooks.agentFailed();
            }
        }
    }

    /** {@code File.deleteOnExit()} on {@code file}: handed to the JVM, which deletes it as it exits. */
    public static void handedToJvm(Object file) {
        deleted(file);
    }

    /** The absolute path of a {@code File} or of a {@code Path} of the default file system; {@code null} otherwise. */
    private static String absolute(Object pathOrFile) {
        if (pathOrFile instanceof File) {
            return ((File) pathOrFile).getAbsolutePath();
        }
        if (pathOrFile instanceof Path && ((Path) pathOrFile).getFileSystem() == FileSystems.getDefault()) {
            return ((Path) pathOrFile).toAbsolutePath().toString();
        }
        return null;
    }
}
