package io.leakwatch.family.tempfile;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.tempfile.boot.TempFileHooks;
import net.bytebuddy.asm.Advice;

import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Kind {@code tempfile}: temporary files and directories the application creates, measured in bytes on disk. The whole
 * family is this folder: this class (what is instrumented, with its advice) and {@code boot/} (what the advice calls,
 * defined in the boot loader).
 *
 * <ul>
 *   <li>{@code TempFileHelper.create}, which {@code Files.createTempFile} and {@code Files.createTempDirectory} (every
 *       overload) go through, and {@code File.createTempFile(String, String, File)}, to which the two-argument one
 *       delegates: acquired when they return, after {@code limit.tempfile.bytes} was checked on entry.</li>
 *   <li>Released when it is no longer on disk (deleted by any means: {@code File.delete} is seen at once, anything else
 *       when the registry is next read), or handed to the JVM with {@code File.deleteOnExit()}.</li>
 * </ul>
 * The same on JDK 17 and 25.
 *
 * <p>Thread-safe: stateless.
 */
public final class TempFileFamily implements Family, AdvicePlan.Advisor {
    static {
        Family.register(new TempFileFamily());
    }

    private static final String HELPER = "java.nio.file.TempFileHelper";
    private static final String FILE = "java.io.File";

    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        return AdvicePlan.on(this, HELPER, FILE);
    }

    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        if (typeName.equals(HELPER)) {
            b.advise(Created.class, named("create").and(isStatic()).and(takesArguments(5)));
        } else if (typeName.equals(FILE)) {
            b.advise(FileCreated.class, named("createTempFile").and(takesArguments(3)))
             .advise(Deleted.class, named("delete").and(takesArguments(0)))
             .advise(DeleteOnExit.class, named("deleteOnExit").and(takesArguments(0)));
        } else {
            throw new IllegalArgumentException(typeName);
        }
    }

    /**
     * {@code TempFileHelper.create(dir, prefix, suffix, createDirectory, attrs)}: {@code limit.tempfile.bytes} on entry
     * (not suppressed: the refusal is the one exception this advice throws on purpose), the file or directory acquired
     * when it was created.
     */
    static final class Created {
        private Created() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object dir) throws java.io.IOException {
            TempFileHooks.checkLimit(dir);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Return Object path, @Advice.Argument(3) boolean directory,
                         @Advice.Thrown Throwable failed) {
            if (failed == null) {
                TempFileHooks.created(path, directory);
            }
        }
    }

    /** {@code File.createTempFile(prefix, suffix, dir)}: as {@link Created}, for a file. */
    static final class FileCreated {
        private FileCreated() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(2) Object dir) throws java.io.IOException {
            TempFileHooks.checkLimit(dir);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Return Object file, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                TempFileHooks.created(file, false);
            }
        }
    }

    /** {@code File.delete()} returned {@code true}: released if it was a tracked temporary file. */
    static final class Deleted {
        private Deleted() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object file, @Advice.Return boolean deleted) {
            if (deleted) {
                TempFileHooks.deleted(file);
            }
        }
    }

    /** {@code File.deleteOnExit()}: handed to the JVM, which deletes it as it exits. */
    static final class DeleteOnExit {
        private DeleteOnExit() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object file) {
            TempFileHooks.handedToJvm(file);
        }
    }
}
