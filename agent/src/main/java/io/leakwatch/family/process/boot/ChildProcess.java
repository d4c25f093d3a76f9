package io.leakwatch.family.process.boot;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
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
    /** Whether the JDK closes the pipes itself once the child ended (see {@link Streams#JDK_CLOSES_AT_EXIT}). */
    private final boolean jdkClosesPipes;
    /** Whether the application saw the process end (a wait, an exit value, an exit callback). */
    private volatile boolean exitSeen;
    /** Its exit code when the application's call returned it, else {@link #NO_CODE}. */
    private volatile int exitCode = NO_CODE;
    /** Whether it waits, its end seen, for its streams to let go of their pipes. Guarded by ProcessHooks' table. */
    boolean pending;

    /** {@code stdin}, {@code stdout}, {@code stderr}: what the process's three stream getters returned. */
    ChildProcess(long pid, String command, ProcessHandle handle, Object... stdinStdoutStderr) {
        this(pid, command, handle, Streams.JDK_CLOSES_AT_EXIT, stdinStdoutStderr.clone());
    }

    /** As above, saying whether the JDK closes the pipes itself once the child ended (a test says it does not). */
    ChildProcess(long pid, String command, ProcessHandle handle, boolean jdkClosesPipes, Object[] stdinStdoutStderr) {
        this.pid = pid;
        this.command = command;
        this.handle = handle;
        this.jdkClosesPipes = jdkClosesPipes;
        this.streams = stdinStdoutStderr;
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

    /**
     * Once the application saw the child end: the streams that still hold the pipe the JDK made for them,
     * {@code stdin}, {@code stdout}, ..., neither closed by the application nor about to be by the JDK (which on
     * Linux and macOS closes them itself right after the end, on its reaper thread: then none).
     */
    String openStreams() {
        if (jdkClosesPipes) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < streams.length; i++) {
            if (Streams.holdsPipe(streams[i])) {
                sb.append(sb.length() > 0 ? ", " : "").append(STREAMS[i]);
            }
        }
        return sb.toString();
    }

    /**
     * {@code pid 4242: sleep 60 (running)}; {@code ... (exited, never waited for)}; {@code ... (exited with 0, its
     * streams stdout, stderr never closed)} (where the JDK does not close them itself when the child ends).
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
     * Whether a standard stream still holds its pipe, read from the JDK's own fields (the agent opens {@code java.io}
     * to the boot loader's classes). {@code getInputStream()}'s and {@code getErrorStream()}'s pipe is a
     * {@code BufferedInputStream} over a {@code FileInputStream}: a close empties it, and on Linux and macOS the JDK
     * itself, once the child has ended, drains what is left into memory and closes the pipe. {@code getOutputStream()}'s
     * is a {@code FilterOutputStream} over a {@code FileOutputStream}: a close sets its {@code closed} flag, and the
     * JDK replaces it once the child has ended. A redirected stream (a file, {@code inheritIO}, {@code DISCARD}) is the
     * JDK's null stream and holds nothing, as does anything these fields cannot tell: a stream whose state is unknown
     * is never reported.
     *
     * <p>Thread-safe: the fields are found once.
     */
    static final class Streams {
        /**
         * Whether this JDK closes a child's pipes itself once the child ended: its pipe stream has the method the
         * process reaper calls then ({@code ProcessImpl.ProcessPipeInputStream.processExited}: Linux, macOS, JDK 17
         * to 25). Where it does, a process whose end the application saw holds no pipe any more.
         */
        static final boolean JDK_CLOSES_AT_EXIT = declares("java.lang.ProcessImpl$ProcessPipeInputStream",
                                                           "processExited");
        private static final Field IN = field(FilterInputStream.class, "in");
        private static final Field OUT = field(FilterOutputStream.class, "out");
        private static final Field CLOSED = field(FilterOutputStream.class, "closed");

        private Streams() {
        }

        static boolean holdsPipe(Object stream) {
            try {
                if (stream instanceof BufferedInputStream && IN != null) {
                    return IN.get(stream) instanceof FileInputStream;
                }
                if (stream instanceof FilterOutputStream && OUT != null && CLOSED != null) {
                    return !CLOSED.getBoolean(stream) && OUT.get(stream) instanceof FileOutputStream;
                }
            } catch (Throwable t) {
                return false;
            }
            return false;
        }

        private static boolean declares(String className, String method) {
            try {
                for (java.lang.reflect.Method m : Class.forName(className, false, null).getDeclaredMethods()) {
                    if (m.getName().equals(method)) {
                        return true;
                    }
                }
            } catch (Throwable t) {
                return false;
            }
            return false;
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
