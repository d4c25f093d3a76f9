package io.leakwatch.family.file.boot;

import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceKind;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.FileSystemException;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * What the {@code file} family's advice calls: streams, random-access files, file channels, directory streams, zip
 * and jar files, asynchronous file channels, and the limit before each opens. A file's detail is its path, its flags
 * the {@link FileMode}, which describes it.
 *
 * <p>Defined in the boot loader with the bootstrap package (advice inlined into {@code java.io} and {@code sun.nio}
 * calls it). Thread-safe: stateless. The acquisitions go straight to the registry, which suppresses its own failures;
 * the others suppress theirs here; the limit checks throw only their refusal.
 */
public final class FileHooks {
    static {
        Hooks.rules(ResourceKind.FILE, new FileMode());
    }

    private FileHooks() {
    }

    /**
     * Whether this file open's stack is recorded, asked by the advice in the instrumented method itself: the fewer
     * frames above the capture, the cheaper it is.
     */
    public static boolean captureStack() {
        return Hooks.captureStack(ResourceKind.FILE);
    }

    /**
     * Before a {@code FileInputStream}, {@code FileOutputStream}, {@code RandomAccessFile} or {@code ZipFile} opens.
     *
     * @throws FileNotFoundException when {@code limit.file} refuses it (what these constructors throw when the
     *                               process has no descriptor left)
     */
    public static void checkLimit() throws FileNotFoundException {
        String refused = Hooks.refusal(ResourceKind.FILE, 1);
        if (refused != null) {
            throw new FileNotFoundException(refused);
        }
    }

    /**
     * Before a file of the default file system opens through NIO (channels, {@code Files.*} streams, directory
     * streams, asynchronous file channels).
     *
     * @throws FileSystemException when {@code limit.file} refuses it, naming {@code path} as the JDK's own does
     */
    public static void checkNioLimit(Object path) throws FileSystemException {
        String refused = Hooks.refusal(ResourceKind.FILE, 1);
        if (refused != null) {
            throw new FileSystemException(String.valueOf(path), null, refused);
        }
    }

    /**
     * A {@code FileInputStream}, {@code FileOutputStream} or {@code RandomAccessFile} opened {@code path};
     * {@code capturedAt} was created by the advice in the instrumented method when {@link #captureStack()} said so,
     * and is {@code null} when this acquisition's stack is not recorded.
     */
    public static void opened(Object stream, String path, int mode, Throwable capturedAt) {
        Hooks.acquired(ResourceKind.FILE, stream, path, mode, capturedAt);
    }

    /**
     * A file channel was created; one with a parent stream shares the stream's descriptor and is not a resource.
     * Append mode is not a field of the channel: it is a flag of the descriptor the channel factory opened.
     */
    public static void channelOpened(Object channel, String path, boolean readable, boolean writable, Object parent,
                                     Object fd, Throwable capturedAt) {
        if (parent == null) {
            int mode = (readable ? FileMode.READ : 0) | (writable ? FileMode.WRITE : 0);
            if (writable && Descriptors.isAppend(fd)) {
                mode |= FileMode.APPEND;
            }
            Hooks.acquired(ResourceKind.FILE, channel, path == null ? "(unnamed file)" : path, mode, capturedAt);
        }
    }

    /** A directory stream of the default file system was opened on {@code dir}. */
    public static void directoryOpened(Object stream, Object dir) {
        try {
            Hooks.acquired(ResourceKind.FILE, stream, String.valueOf(dir), FileMode.DIRECTORY);
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /**
     * A {@code ZipFile} (or {@code JarFile}) was opened on {@code file}: whose it is follows what is opening jars on
     * this thread (a class loader's class path is its maker's; see {@link Hooks#jarOpened}).
     */
    public static void zipOpened(Object zip, Object file) {
        try {
            Hooks.jarOpened(ResourceKind.FILE, zip, file instanceof File ? ((File) file).getPath() : String.valueOf(file),
                            FileMode.ZIP);
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /**
     * {@code AsynchronousFileChannel.open} returned {@code channel}; only the default file system's channel holds a
     * descriptor whose close is instrumented, so a channel of another provider is left alone.
     */
    public static void asyncOpened(Object channel, Object path, Object options) {
        if (channel == null || !"sun.nio.ch.SimpleAsynchronousFileChannelImpl".equals(channel.getClass().getName())) {
            return;
        }
        try {
            int mode = FileMode.ASYNC;
            if (options instanceof Set) {
                Set<?> set = (Set<?>) options;
                boolean write = set.contains(StandardOpenOption.WRITE) || set.contains(StandardOpenOption.APPEND);
                mode |= write ? FileMode.WRITE : 0;
                mode |= !write || set.contains(StandardOpenOption.READ) ? FileMode.READ : 0;
            }
            Hooks.acquired(ResourceKind.FILE, channel, String.valueOf(path), mode);
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }
}
