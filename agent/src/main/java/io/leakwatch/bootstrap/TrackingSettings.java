package io.leakwatch.bootstrap;

import java.util.Set;

/**
 * What the bootstrap side needs to know of the agent's configuration: the stack depth, extra frame prefixes to trim,
 * and which kinds are tracked. Built once by the agent from its options object.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrackingSettings {
    /**
     * Class-name prefixes of the connection pools leakwatch knows: what their code acquires for itself (physical
     * connections, threads) is the pool's (see {@link FrameFilter}), and a data source of theirs is a pool.
     */
    public static final String[] KNOWN_POOLS = {
        "com.zaxxer.hikari.", "org.apache.commons.dbcp2.", "org.apache.commons.dbcp.", "org.apache.commons.pool2.",
        "org.apache.commons.pool.", "org.apache.tomcat.jdbc.pool.", "org.apache.tomcat.dbcp.", "com.mchange.v2.c3p0.",
        "com.mchange.v2.resourcepool.", "io.agroal.", "oracle.ucp.", "com.alibaba.druid.pool.", "org.vibur.dbcp.",
        "com.jolbox.bonecp.", "org.apache.ibatis.datasource.pooled.", "org.h2.jdbcx.JdbcConnectionPool",
    };

    private final int depth;
    private final String[] trimPrefixes;
    private final boolean[] enabled;
    private final int leakedDetailLimit;
    private final boolean adaptiveStacks;
    private final String[] poolPrefixes;
    private final String[] agentJars;
    private final String[] classPath;

    /**
     * @param depth             frames kept per stack after trimming, 1 to 1024
     * @param trimPrefixes      class-name prefixes trimmed from the top of stacks, besides the JDK's and the agent's
     * @param enabledKinds      the kinds to track
     * @param leakedDetailLimit how many leaked resources are kept one by one (their sites are always counted exactly)
     * @param adaptiveStacks    record every stack ({@code false}) or only as many as {@link ThreadState#sampleStack(int)}
     *                          allows ({@code true})
     * @param extraPools        class-name prefixes of connection pools besides {@link #KNOWN_POOLS}
     * @param agentJars         other Java agents' jars, as the JVM's {@code -javaagent:} options name them: what their
     *                          code acquires is theirs, not the application's
     * @param classPath         the application's class path entries ({@code java.class.path})
     */
    public TrackingSettings(int depth, String[] trimPrefixes, Set<ResourceKind> enabledKinds, int leakedDetailLimit,
                            boolean adaptiveStacks, String[] extraPools, String[] agentJars, String[] classPath) {
        if (depth < 1 || depth > 1024) {
            throw new IllegalArgumentException("depth must be 1 to 1024: " + depth);
        }
        this.depth = depth;
        this.trimPrefixes = trimPrefixes.clone();
        this.enabled = new boolean[ResourceKind.values().length];
        for (ResourceKind k : enabledKinds) {
            enabled[k.ordinal()] = true;
        }
        this.leakedDetailLimit = leakedDetailLimit;
        this.adaptiveStacks = adaptiveStacks;
        String[] pools = java.util.Arrays.copyOf(KNOWN_POOLS, KNOWN_POOLS.length + extraPools.length);
        System.arraycopy(extraPools, 0, pools, KNOWN_POOLS.length, extraPools.length);
        this.poolPrefixes = pools;
        this.agentJars = agentJars.clone();
        this.classPath = classPath.clone();
    }

    /** Settings without other agents or a class path. */
    public TrackingSettings(int depth, String[] trimPrefixes, Set<ResourceKind> enabledKinds, int leakedDetailLimit,
                            boolean adaptiveStacks, String[] extraPools) {
        this(depth, trimPrefixes, enabledKinds, leakedDetailLimit, adaptiveStacks, extraPools, new String[0],
             new String[0]);
    }

    /** Settings with every stack recorded and only the known pools. */
    public TrackingSettings(int depth, String[] trimPrefixes, Set<ResourceKind> enabledKinds,
                            int leakedDetailLimit) {
        this(depth, trimPrefixes, enabledKinds, leakedDetailLimit, false, new String[0]);
    }

    /** Class-name prefixes of connection pools: what their code acquires is theirs. */
    String[] poolPrefixes() {
        return poolPrefixes.clone();
    }

    String[] agentJars() {
        return agentJars.clone();
    }

    String[] classPath() {
        return classPath.clone();
    }

    boolean adaptiveStacks() {
        return adaptiveStacks;
    }

    int depth() {
        return depth;
    }

    String[] trimPrefixes() {
        return trimPrefixes.clone();
    }

    boolean isEnabled(ResourceKind kind) {
        return enabled[kind.ordinal()];
    }

    int leakedDetailLimit() {
        return leakedDetailLimit;
    }
}
