package io.leakwatch.family.process.boot;

import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.lang.reflect.Field;

/**
 * What leakwatch knows of one child process, and its description in reports: the pid, the command line with
 * anything that looks like a credential masked (the environment is never read), and its state, told afresh each
 * time a report or the live view asks. Never refers to the {@code Process} itself, which the registry must not keep
 * reachable: it holds the process's handle (which refers to the pid, not to the {@code Process}) and its three
 * standard streams.
 *
 * <p>Thread-safe: the state is written by the threads that see the exit and read by any.
 */
final class ChildProcess {
    private static final int NO_CODE = Integer.MIN_VALUE;
    private static final String[] STREAMS = {"stdin", "stdout", "stderr"};

    private final long pid;
    private final String command;
    private final ProcessHandle handle;
    /** Its standard streams, as {@link #STREAMS} names them. */
    private final Object[] streams;
    /** Whether the application saw the process end (a wait, an exit value, an exit callback). */
    private volatile boolean exitSeen;
    /** Its exit code when the application's call returned it, else {@link #NO_CODE}. */
    private volatile int exitCode = NO_CODE;

    /** {@code stdin}, {@code stdout}, {@code stderr}: what the process's three stream getters returned. */
    ChildProcess(long pid, String command, ProcessHandle handle, Object... stdinStdoutStderr) {
        this.pid = pid;
        this.command = command;
        this.handle = handle;
        this.streams = stdinStdoutStderr.clone();
    }

    ProcessHandle handle() {
        return handle;
    }

    /** The application saw the process end, with its exit code when the call returned one. */
    void exitSeen(int code) {
        if (code != NO_CODE) {
            exitCode = code;
        }
        exitSeen = true;
    }

    /** The application saw the process end without its exit code. */
    void exitSeen() {
        exitSeen(NO_CODE);
    }

    boolean isExitSeen() {
        return exitSeen;
    }

    /** The streams the JDK made pipes for that the application has not closed: {@code stdin}, {@code stdout}, ... */
    String openStreams() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < streams.length; i++) {
            if (!Streams.isClosed(streams[i])) {
                sb.append(sb.length() > 0 ? ", " : "").append(STREAMS[i]);
            }
        }
        return sb.toString();
    }

    /**
     * {@code pid 4242: sleep 60 (running)}; {@code ... (exited, never waited for)}; {@code ... (exited with 0, its
     * streams stdout, stderr never closed)}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("pid ").append(pid).append(": ").append(command).append(" (");
        if (exitSeen) {
            sb.append("exited");
            int code = exitCode;
            if (code != NO_CODE) {
                sb.append(" with ").append(code);
            }
            String open = openStreams();
            if (!open.isEmpty()) {
                sb.append(", its streams ").append(open).append(" never closed");
            }
        } else if (alive()) {
            sb.append("running");
        } else {
            sb.append("exited, never waited for");
        }
        return sb.append(')').toString();
    }

    private boolean alive() {
        try {
            return handle == null || handle.isAlive();
        } catch (Throwable t) {
            return true;
        }
    }

    /**
     * Whether a standard stream was closed, read from the JDK's own fields (the agent opens {@code java.io} to the
     * boot loader's classes): a pipe the process's {@code getInputStream()} or {@code getErrorStream()} returns is a
     * {@code BufferedInputStream} whose buffer a close clears; {@code getOutputStream()}'s is a
     * {@code FilterOutputStream} with a {@code closed} flag. A redirected stream (a file, {@code inheritIO},
     * {@code DISCARD}) is the JDK's null stream and counts as closed, as does anything these fields cannot tell:
     * a stream whose state is unknown is never reported.
     *
     * <p>Thread-safe: the fields are found once.
     */
    static final class Streams {
        private static final Field BUFFER = field(BufferedInputStream.class, "buf");
        private static final Field CLOSED = field(FilterOutputStream.class, "closed");

        private Streams() {
        }

        static boolean isClosed(Object stream) {
            try {
                if (stream instanceof BufferedInputStream && BUFFER != null) {
                    return BUFFER.get(stream) == null;
                }
                if (stream instanceof FilterOutputStream && CLOSED != null) {
                    return CLOSED.getBoolean(stream);
                }
            } catch (Throwable t) {
                return true;
            }
            return true;
        }

        private static Field field(Class<?> type, String name) {
            try {
                Field f = type.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (Throwable t) {
                return null;
            }
        }
    }
}
