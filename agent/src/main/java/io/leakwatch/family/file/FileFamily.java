package io.leakwatch.family.file;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.DescriptorInstrumentation;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.agent.instrument.Released;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.file.boot.FileMode;
import io.leakwatch.family.file.boot.FileHooks;
import net.bytebuddy.asm.Advice;

import java.io.File;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Files and directories (kind {@code file}).
 *
 * <ul>
 *   <li>{@code FileInputStream}, {@code FileOutputStream}, {@code RandomAccessFile}: their private {@code open} is
 *       where every constructor opens the descriptor, once, and only on success. Everything built on them (readers,
 *       writers, {@code Scanner}, {@code PrintWriter}) is covered; the channel a stream hands out shares the stream's
 *       descriptor and closing it closes the stream.</li>
 *   <li>{@code FileChannelImpl}: every NIO way to a file ({@code FileChannel.open}, {@code Files.newInputStream},
 *       readers, writers, {@code lines}, byte channels) ends in its constructor; one with a parent stream is not a
 *       resource of its own.</li>
 *   <li>{@code UnixDirectoryStream}: {@code newDirectoryStream}, {@code list}, {@code walk}, {@code find}; released by
 *       {@code closeImpl}, which the secure directory stream calls directly.</li>
 *   <li>{@code ZipFile}/{@code JarFile}: the three-argument constructor every other one delegates to. The
 *       random-access file inside is the zip file's and is not counted again (see the bootstrap frame filter).</li>
 *   <li>{@code AsynchronousFileChannel.open}: its default-provider channel stores no path on JDK 17, so it is
 *       recorded where the path is still known.</li>
 *   <li>Limits ({@code limit.file}) are checked before the descriptor exists: in the streams' {@code open}, the
 *       zip file's constructor, {@code UnixChannelFactory.open} (every NIO file channel, synchronous or not) and
 *       {@code UnixFileSystemProvider.newDirectoryStream}.</li>
 * </ul>
 *
 * <p>The hottest of these advices create the acquisition's {@code Throwable} themselves, in the instrumented method:
 * every frame between the JDK method and the capture costs time in {@code fillInStackTrace}.
 *
 * <p>Thread-safe: stateless; the plans it returns are immutable, and its advice runs in the instrumented methods
 * of whatever thread calls them.
 */
public final class FileFamily implements AdvicePlan.Advisor, Family {
    private static final FileFamily ADVICE = new FileFamily();

    static {
        Family.register(ADVICE);
    }

    private FileFamily() {
    }

    /** This family's plans (see {@link Family}): files, the jars class loaders open, and file channels' close. */
    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        List<AdvicePlan> plans = new ArrayList<>(FileFamily.plans());
        plans.addAll(ClassLoaderJarAdvice.plans());
        plans.add(DescriptorInstrumentation.channelClose());
        return plans;
    }

    /** The plans for kind {@code file}. */
    public static List<AdvicePlan> plans() {
        return AdvicePlan.on(ADVICE, "java.io.FileInputStream",
                             "java.io.FileOutputStream",
                             "java.io.RandomAccessFile",
                             "sun.nio.ch.FileChannelImpl",
                             "sun.nio.fs.UnixChannelFactory",
                             "sun.nio.fs.UnixFileSystemProvider",
                             "sun.nio.fs.UnixDirectoryStream",
                             "java.util.zip.ZipFile",
                             "java.nio.channels.AsynchronousFileChannel",
                             "sun.nio.ch.SimpleAsynchronousFileChannelImpl");
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case "java.io.FileInputStream":
                b.advise(FileLimit.class, named("open").and(takesArguments(String.class)))
                 .advise(InputOpened.class, named("open").and(takesArguments(String.class)))
                 .advise(Released.class, named("close").and(takesArguments(0)));
                break;
            case "java.io.FileOutputStream":
                b.advise(FileLimit.class, named("open").and(takesArguments(String.class, boolean.class)))
                 .advise(OutputOpened.class, named("open").and(takesArguments(String.class, boolean.class)))
                 .advise(Released.class, named("close").and(takesArguments(0)));
                break;
            case "java.io.RandomAccessFile":
                b.advise(FileLimit.class, named("open").and(takesArguments(String.class, int.class)))
                 .advise(RandomAccessOpened.class, named("open").and(takesArguments(String.class, int.class)))
                 .advise(Released.class, named("close").and(takesArguments(0)));
                break;
            case "sun.nio.ch.FileChannelImpl":
                b.advise(ChannelCreated.class, isConstructor());
                break;
            // where every NIO file channel (FileChannel.open, Files.*, asynchronous file channels) opens its descriptor:
            // open(int, UnixPath, String, Flags, int) on JDK 17, open(int, UnixPath, Flags, int) from JDK 21
            case "sun.nio.fs.UnixChannelFactory":
                b.advise(NioFileLimit.class, named("open").and(isStatic()).and(takesArgument(1, named("sun.nio.fs.UnixPath"))));
                break;
            // opens the directory, then makes the (secure) directory stream around it (JDK 17 to 25)
            case "sun.nio.fs.UnixFileSystemProvider":
                b.advise(DirectoryLimit.class, named("newDirectoryStream").and(takesArguments(2)));
                break;
            case "sun.nio.fs.UnixDirectoryStream":
                b.advise(DirectoryOpened.class, isConstructor())
                 .advise(Released.class, named("closeImpl").and(takesArguments(0)));
                break;
            case "java.util.zip.ZipFile":
                b.advise(FileLimit.class, isConstructor().and(takesArguments(File.class, int.class, Charset.class)))
                 .advise(ZipOpened.class, isConstructor().and(takesArguments(File.class, int.class, Charset.class)))
                 .advise(Released.class, named("close").and(takesArguments(0)));
                break;
            case "java.nio.channels.AsynchronousFileChannel":
                b.advise(AsyncOpened.class, named("open").and(takesArguments(4))
                     .and(takesArgument(0, Path.class)).and(takesArgument(1, Set.class))
                     .and(takesArgument(2, ExecutorService.class)));
                break;
            case "sun.nio.ch.SimpleAsynchronousFileChannelImpl":
                b.advise(Released.class, named("close").and(takesArguments(0)));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    /**
     * {@code limit.file}, before a stream, random-access file or zip file opens. Not suppressed: the refusal is the
     * one exception advice throws on purpose, and the hook lets nothing else out.
     */
    static final class FileLimit {
        private FileLimit() {
        }

        @Advice.OnMethodEnter
        static void enter() throws java.io.FileNotFoundException {
            FileHooks.checkLimit();
        }
    }

    /** {@code limit.file}, before an NIO file or directory opens; not suppressed (see {@link FileLimit}). */
    static final class NioFileLimit {
        private NioFileLimit() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(1) Object path) throws java.nio.file.FileSystemException {
            FileHooks.checkNioLimit(path);
        }
    }

    /** {@code limit.file}, before a directory stream opens; not suppressed (see {@link FileLimit}). */
    static final class DirectoryLimit {
        private DirectoryLimit() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object dir) throws java.nio.file.FileSystemException {
            FileHooks.checkNioLimit(dir);
        }
    }

    static final class InputOpened {
        private InputOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) String path, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                FileHooks.opened(self, path, FileMode.READ, FileHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class OutputOpened {
        private OutputOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) String path, @Advice.Argument(1) boolean append,
                         @Advice.Thrown Throwable failed) {
            if (failed == null) {
                FileHooks.opened(self, path, append ? FileMode.WRITE | FileMode.APPEND : FileMode.WRITE,
                                 FileHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class RandomAccessOpened {
        private RandomAccessOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) String path, @Advice.Argument(1) int mode,
                         @Advice.Thrown Throwable failed) {
            if (failed == null) {
                // RandomAccessFile.O_RDWR == 2 (JDK 17 to 25)
                // always with its stack, even above the adaptive rate: the stack is what tells the file a ZipFile
                // reads (not a resource of its own) from one the application opened
                FileHooks.opened(self, path, (mode & 2) != 0 ? FileMode.READ | FileMode.WRITE : FileMode.READ,
                                 new Throwable());
            }
        }
    }

    static final class ChannelCreated {
        private ChannelCreated() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("path") String path,
                         @Advice.FieldValue("readable") boolean readable,
                         @Advice.FieldValue("writable") boolean writable, @Advice.FieldValue("parent") Object parent,
                         @Advice.FieldValue("fd") Object fd) {
            // only a channel without a parent stream is a resource: no stack is captured for the others
            FileHooks.channelOpened(self, path, readable, writable, parent, fd,
                                    parent == null && FileHooks.captureStack() ? new Throwable() : null);
        }
    }

    static final class DirectoryOpened {
        private DirectoryOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) Object dir) {
            FileHooks.directoryOpened(self, dir);
        }
    }

    static final class ZipOpened {
        private ZipOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) Object file) {
            FileHooks.zipOpened(self, file);
        }
    }

    static final class AsyncOpened {
        private AsyncOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Return Object channel, @Advice.Argument(0) Object path,
                         @Advice.Argument(1) Object options, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                FileHooks.asyncOpened(channel, path, options);
            }
        }
    }
}
