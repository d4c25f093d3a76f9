package io.leakwatch.bootstrap;

import java.util.Locale;

/**
 * The families of resources leakwatch tracks. Each holds an operating-system descriptor (or, for later kinds, a
 * scarce external resource) that the application must release.
 *
 * <p>Immutable and thread-safe.
 */
public enum ResourceKind {
    /** Files and directories: streams, random-access files, file channels, directory streams, zip/jar files. */
    FILE(false),
    /** Stream, server, datagram, asynchronous and Unix-domain sockets, through {@code java.net} or NIO channels. */
    SOCKET(true),
    /** Either end of an NIO {@code Pipe}: each holds one descriptor. */
    PIPE(false),
    /** NIO selectors: each holds an epoll descriptor and a wake-up descriptor. */
    SELECTOR(false),
    /** Thread pools: {@code ThreadPoolExecutor} (and subclasses), {@code ForkJoinPool}s other than the common pool, and
     *  the thread-per-task executors; each holds threads until it is shut down. */
    THREADPOOL(false),
    /** JDBC connections the application obtained from a driver, a data source or a pool, until it closes them. */
    JDBC(false),
    /** Connection pools (HikariCP, DBCP, c3p0, ...) that handed out a connection, until they are closed. */
    JDBC_POOL("jdbcpool", false),
    /** CUDA device, managed and pinned host memory allocated through JCuda, until freed or its context is gone. */
    CUDA(false),
    /** JDBC statements and result sets (opt-in): open until closed, or until their connection (or statement) is. */
    STATEMENT(false);

    private final String label;
    private final boolean hasAddresses;

    ResourceKind(boolean hasAddresses) {
        this.label = name().toLowerCase(Locale.ROOT);
        this.hasAddresses = hasAddresses;
    }

    ResourceKind(String label, boolean hasAddresses) {
        this.label = label;
        this.hasAddresses = hasAddresses;
    }

    /** The lower-case name used in options and reports. */
    public String label() {
        return label;
    }

    /**
     * Whether a resource of this kind is first held in its thread's young slot: kinds whose acquire and release are
     * often as short as recording them (a pooled connection's borrow, an idle pool), usually on one thread.
     */
    boolean hasYoungPath() {
        return this == THREADPOOL || this == JDBC;
    }

    /** Whether resources of this kind have local and remote addresses that change as they bind and connect. */
    boolean hasAddresses() {
        return hasAddresses;
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
}
