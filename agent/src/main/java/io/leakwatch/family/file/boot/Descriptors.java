package io.leakwatch.family.file.boot;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads what a {@link FileDescriptor} knows and its public API does not tell: whether it was opened for appending.
 * Needs {@code java.io} opened to the agent, which the installer does.
 *
 * <p>Thread-safe.
 */
final class Descriptors {
    private Descriptors() {
    }

    static boolean isAppend(Object fd) {
        try {
            return fd instanceof FileDescriptor && (boolean) Access.APPEND.get((FileDescriptor) fd);
        } catch (Throwable unreadable) {
            return false;
        }
    }

    /** Resolved on first use, after the installer opened java.io. */
    private static final class Access {
        // FileDescriptor.append: JDK 17 to 25
        static final VarHandle APPEND;

        static {
            try {
                APPEND = MethodHandles.privateLookupIn(FileDescriptor.class, MethodHandles.lookup())
                    .findVarHandle(FileDescriptor.class, "append", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
