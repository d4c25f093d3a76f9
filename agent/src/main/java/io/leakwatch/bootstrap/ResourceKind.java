package io.leakwatch.bootstrap;

/**
 * Every kind of resource leakwatch tracks, declared once: this enum is the list families register in, and every other
 * list is derived from it (the kinds {@code kinds=} accepts and tracks by default, the {@code limit.} options, the
 * report's kinds and their order, the MBeans, the Process MBean's descriptor count). A kind's constant says its label,
 * its traits and the agent-side family that instruments it; the family's own folder holds the rest (see
 * {@code docs/adding-a-kind.md}).
 *
 * <p>The order is the order of reports and documentation; ordinals index the registry's per-kind arrays.
 *
 * <p>Immutable and thread-safe.
 */
public enum ResourceKind {
    /** Files and directories: streams, random-access files, file channels, directory streams, zip/jar files. */
    FILE("file", Traits.DESCRIPTOR, "io.leakwatch.family.file.FileFamily"),
    /** Stream, server, datagram, asynchronous and Unix-domain sockets, through {@code java.net} or NIO channels. */
    SOCKET("socket", Traits.DESCRIPTOR | Traits.ADDRESSES, "io.leakwatch.family.socket.SocketFamily"),
    /** Either end of an NIO {@code Pipe}: each holds one descriptor. */
    PIPE("pipe", Traits.DESCRIPTOR, "io.leakwatch.family.nio.NioFamily"),
    /** NIO selectors: each holds an epoll descriptor and a wake-up descriptor. */
    SELECTOR("selector", Traits.DESCRIPTOR, "io.leakwatch.family.nio.NioFamily"),
    /** Thread pools: {@code ThreadPoolExecutor} (and subclasses), {@code ForkJoinPool}s other than the common pool, and
     *  the thread-per-task executors; each holds threads until it is shut down. */
    THREADPOOL("threadpool", Traits.YOUNG, "io.leakwatch.family.threadpool.ThreadPoolFamily"),
    /** JDBC connections the application obtained from a driver, a data source or a pool, until it closes them. */
    JDBC("jdbc", Traits.YOUNG | Traits.OWNS_INSIDE | Traits.SECOND_RELEASE_IS_BUG, "io.leakwatch.family.jdbc.JdbcFamily"),
    /** Connection pools (HikariCP, DBCP, c3p0, ...) that handed out a connection, until they are closed. */
    JDBC_POOL("jdbcpool", Traits.OWNS_INSIDE, "io.leakwatch.family.jdbc.JdbcFamily"),
    /** CUDA device, managed and pinned host memory allocated through JCuda, until freed or its context is gone. */
    CUDA("cuda", Traits.BYTES, "io.leakwatch.family.cuda.CudaFamily"),
    /** JDBC statements and result sets (opt-in): open until closed, or until their connection (or statement) is. */
    STATEMENT("statement", Traits.OPT_IN, "io.leakwatch.family.jdbc.JdbcFamily"),
    /** Child processes: started until the application has seen each end and closed its streams (or destroyed it). */
    PROCESS("process", 0, "io.leakwatch.family.process.ProcessFamily"),
    /** Platform threads the application starts, and {@code java.util.Timer}s: each holds a thread until it ends. */
    THREAD("thread", 0, "io.leakwatch.family.thread.ThreadFamily"),
    /** Temporary files and directories the application created, in bytes on disk, until deleted. */
    TEMPFILE("tempfile", Traits.BYTES, "io.leakwatch.family.tempfile.TempFileFamily");

    /**
     * What a kind is, as bits of {@link #traits}: plain constants rather than a set of an enum, so that a declaration
     * stays one readable line. Asked with {@link #has}.
     */
    public static final class Traits {
        /** Each open resource holds an operating-system descriptor (counted against the process's open files). */
        public static final int DESCRIPTOR = 1;
        /** Resources have local and remote addresses that change as they bind and connect. */
        public static final int ADDRESSES = 1 << 1;
        /**
         * A resource is first held in its thread's young slot: kinds whose acquire and release are often as short as
         * recording them (a pooled connection's borrow, an idle pool), usually on one thread.
         */
        public static final int YOUNG = 1 << 2;
        /** Measured in bytes as well as counted: its limit is {@code limit.<kind>.bytes=}, and sites sum bytes. */
        public static final int BYTES = 1 << 3;
        /** Tracked only when named in {@code kinds=} ({@code all} means the kinds on by default). */
        public static final int OPT_IN = 1 << 4;
        /**
         * What is acquired on its thread while its acquiring call runs ({@link CallDepth}) is part of it, not the
         * application's: the socket and threads a JDBC driver or pool makes while it makes a connection.
         */
        public static final int OWNS_INSIDE = 1 << 5;
        /**
         * A second release of a released resource is a bug, not information: a pooled connection closed twice may
         * hand back a connection another borrower holds by then (a stream's second close does nothing).
         */
        public static final int SECOND_RELEASE_IS_BUG = 1 << 6;

        private Traits() {
        }
    }

    private final String label;
    private final int traits;
    private final String family;

    ResourceKind(String label, int traits, String family) {
        this.label = label;
        this.traits = traits;
        this.family = family;
    }

    /** The lower-case name used in options, reports and MBeans. */
    public String label() {
        return label;
    }

    /** The kind with the given lower-case label, or {@code null}. */
    public static ResourceKind fromLabel(String label) {
        for (ResourceKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The binary name of the agent-side class that installs this kind's instrumentation (in the agent's own class
     * loader, which this package cannot name); several kinds may share one.
     */
    public String family() {
        return family;
    }

    /** Whether this kind is measured in bytes too (its limit is {@code limit.<kind>.bytes}). */
    public boolean inBytes() {
        return has(Traits.BYTES);
    }

    /** Whether this kind has {@code trait}, one of the {@link Traits}: a flag test the JIT folds for a constant. */
    public boolean has(int trait) {
        return (traits & trait) != 0;
    }
}
