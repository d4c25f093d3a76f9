package io.leakwatch.family.process.boot;

import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceKind;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The process family's entry points, called by its advice in {@code java.lang.ProcessBuilder} and
 * {@code java.lang.ProcessImpl} (see {@code ProcessFamily}), and defined in the boot loader with the bootstrap
 * package, whose public API it uses.
 *
 * <p>A child process is acquired when {@code ProcessBuilder} starts it ({@code Runtime.exec} and
 * {@code startPipeline} go through the same method), and released once the application saw it end and no stream
 * holds its pipe any more, or once it was destroyed and ended. The application sees the end of a process when
 * {@code waitFor()} returns, {@code waitFor(timeout)} returns {@code true}, {@code exitValue()} returns,
 * {@code isAlive()} returns {@code false}, or a future from {@code onExit()} completes. Its streams let go of their
 * pipes when the application closes them or, on Linux and macOS, when the JDK's process reaper closes them after the
 * child ended (just after the wait returns). A process whose end was seen while a stream still held its pipe is
 * kept, and checked again before every read of the records (a report, the live view).
 *
 * <p>Every method suppresses its own failures: an agent bug costs a record, never the application's process.
 *
 * <p>Thread-safe: the table of known children is guarded by its own lock.
 */
public final class ProcessHooks {
    /** Every child started while tracked, by its {@code Process} (held weakly), until released. Guarded by itself. */
    private static final Map<Object, ChildProcess> CHILDREN = new WeakHashMap<>();
    /** Children whose end was seen while a stream was open. Guarded by {@link #CHILDREN}. */
    private static final List<Pending> STREAMS_OPEN = new ArrayList<>();

    static {
        Hooks.onRefresh(new Refresher());
    }

    private ProcessHooks() {
    }

    /**
     * Before a child process is started: {@code limit.process} with {@code onlimit=fail} refuses it.
     *
     * @throws IOException what {@code ProcessBuilder.start} throws when the system cannot start one
     */
    public static void checkLimit() throws IOException {
        String refused = Hooks.refusal(ResourceKind.PROCESS, 1);
        if (refused != null) {
            throw new IOException(refused);
        }
    }

    /** {@code builder} started {@code process}. */
    public static void started(Object process, Object builder) {
        try {
            if (!(process instanceof Process) || !(builder instanceof ProcessBuilder)) {
                return;
            }
            Process p = (Process) process;
            ProcessHandle handle;
            try {
                handle = p.toHandle();
            } catch (RuntimeException e) {
                handle = null;
            }
            ChildProcess child = new ChildProcess(p.pid(), CommandLine.masked(((ProcessBuilder) builder).command()),
                                                  handle, p.getOutputStream(), p.getInputStream(), p.getErrorStream());
            synchronized (CHILDREN) {
                CHILDREN.put(p, child);
            }
            Hooks.acquired(ResourceKind.PROCESS, p, child);
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /**
     * {@code process.method()} returned {@code returned} (boxed; {@code null} for {@code destroy()}): {@code waitFor}
     * and {@code exitValue} with an exit code, or {@code waitFor(timeout)} with {@code true}, or {@code isAlive} with
     * {@code false}, saw the end; {@code onExit} returned the future whose completion is the end the application will
     * see; {@code destroy} and {@code destroyForcibly} end it, released when it has ended, whatever its streams.
     */
    public static void returned(Object process, String method, Object returned) {
        try {
            ChildProcess child = child(process);
            if (child == null) {
                return;
            }
            if (returned instanceof Integer) {
                child.exitSeen((Integer) returned);
            } else if (Boolean.valueOf(method.equals("waitFor")).equals(returned)) {
                child.exitSeen();
            } else if (returned instanceof CompletableFuture) {
                ((CompletableFuture<?>) returned).whenComplete(new AtExit(process, false));
                return;
            } else if (method.startsWith("destroy") && child.handle() != null) {
                child.handle().onExit().whenComplete(new AtExit(process, true));
                return;
            } else {
                return;
            }
            releaseIfDone(process, child);
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    private static ChildProcess child(Object process) {
        synchronized (CHILDREN) {
            return CHILDREN.get(process);
        }
    }

    private static void releaseIfDone(Object process, ChildProcess child) {
        if (child.openStreams().isEmpty()) {
            release(process);
        } else {
            synchronized (CHILDREN) {
                // once: an application polling isAlive() after the end must not add it again at every call
                if (!child.pending) {
                    child.pending = true;
                    STREAMS_OPEN.add(new Pending(process, child));
                }
            }
        }
    }

    private static void release(Object process) {
        synchronized (CHILDREN) {
            CHILDREN.remove(process);
        }
        Hooks.released(process);
    }

    /** A child whose end was seen with a stream open: the {@code Process} held weakly. */
    private static final class Pending extends WeakReference<Object> {
        final ChildProcess child;

        Pending(Object process, ChildProcess child) {
            super(process);
            this.child = child;
        }
    }

    /**
     * Before the records are read: releases the children whose streams were closed since their end was seen (a
     * class, not a lambda: this package holds no {@code invokedynamic}). Thread-safe.
     */
    private static final class Refresher implements Runnable {
        @Override
        public void run() {
            List<Object> done = null;
            synchronized (CHILDREN) {
                for (Iterator<Pending> it = STREAMS_OPEN.iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    Object process = p.get();
                    if (process == null) {
                        // collected while open: the registry tells it as a leak
                        it.remove();
                    } else if (p.child.openStreams().isEmpty()) {
                        it.remove();
                        if (done == null) {
                            done = new ArrayList<>();
                        }
                        done.add(process);
                    }
                }
            }
            if (done != null) {
                for (Object process : done) {
                    release(process);
                }
            }
        }
    }

    /**
     * When a process ends: an exit the application will see through its future, or the end of a destroyed process.
     * Holds the process weakly (the JDK keeps a running child's {@code Process} reachable anyway). Thread-safe.
     */
    private static final class AtExit implements BiConsumer<Object, Throwable> {
        private final WeakReference<Object> process;
        private final boolean destroyed;

        AtExit(Object process, boolean destroyed) {
            this.process = new WeakReference<>(process);
            this.destroyed = destroyed;
        }

        @Override
        public void accept(Object result, Throwable failure) {
            Object p = process.get();
            if (p == null) {
                return;
            }
            ChildProcess child = child(p);
            if (destroyed) {
                release(p);
            } else if (child != null) {
                child.exitSeen();
                releaseIfDone(p, child);
            }
        }
    }
}
