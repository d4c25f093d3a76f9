package io.leakwatch.bootstrap;


/**
 * The acquiring stack shared by every resource acquired from the same call path: a million acquisitions from one site
 * cost one of these. It holds the raw key it was interned under (class, method and bytecode index per frame, no
 * {@code Class} references, so it never pins a class loader) and the frames a report shows, symbolized once.
 *
 * <p>Immutable after publication but for {@link #releases}; thread-safe.
 */
final class InternedStack {
    final int hash;
    final String[] classNames;
    final short[] methodIds;
    final int[] bcis;
    /** The frames shown in reports: application frame first, trimmed, at most the configured depth. */
    final String[] frames;
    /**
     * Whose resources from this site are: the application's, or the JVM's (class path jars, the random-seed device),
     * a test runner's or another agent's, held apart from the application's.
     */
    final Owner owner;
    /** Whether the first of {@link #frames} is an application frame (the line that made the acquiring call). */
    final boolean atApplicationLine;
    /**
     * The JVM's only because the {@code jar:} URL handler opened it on the application's call: no other JDK code of
     * its own (a {@code ServiceLoader}, a resource bundle) is between the application and the handler. Such a jar
     * file is the application's when the connection does not use the JDK's cache (see {@link ClassLoaderJars}).
     */
    final boolean jarUrlOnly;
    /** Acquired inside a resource that is tracked at a higher level (the random-access file a ZipFile reads). */
    final boolean subsumed;
    /** Whether resources from this site are held apart from the application's (the JVM's, a runner's, an agent's). */
    boolean isApart() {
        return owner != Owner.APPLICATION;
    }

    /**
     * Where this site's resources were released, per kind ({@link ReleasePlaces}); {@code null} until the first
     * placed release. Written under the {@link ReleasePlaces}' lock, read without.
     */
    volatile SiteReleases releases;
    /** The site's id in the trace ({@link TraceEvents}); 0 until first traced. Guarded by the trace's lock. */
    int traceSite;

    /**
     * The first of {@link #frames} (the application's line, when {@link #atApplicationLine}), or {@code ""} when none
     * were recorded: the same string for every resource of the site.
     */
    String firstFrame() {
        return frames.length == 0 ? "" : frames[0];
    }

    /** Next stack in the same bucket of {@link StackTable}; written before publication only. */
    InternedStack next;

    /** Per kind, the stack of an acquisition whose stack was not recorded ({@code stacks=adaptive} above its rate). */
    private static final InternedStack[] NOT_RECORDED = new InternedStack[ResourceKind.values().length];

    static {
        for (int i = 0; i < NOT_RECORDED.length; i++) {
            NOT_RECORDED[i] = new InternedStack(0, null, null, null, new String[0], Owner.APPLICATION, false, false, false);
        }
    }

    /** One per kind, so leaked sites without a stack stay apart by kind. */
    static InternedStack notRecorded(ResourceKind kind) {
        return NOT_RECORDED[kind.ordinal()];
    }

    InternedStack(int hash, String[] classNames, short[] methodIds, int[] bcis, String[] frames,
                  Owner owner, boolean subsumed, boolean atApplicationLine, boolean jarUrlOnly) {
        this.hash = hash;
        this.classNames = classNames;
        this.methodIds = methodIds;
        this.bcis = bcis;
        this.frames = frames;
        this.owner = owner;
        this.atApplicationLine = atApplicationLine;
        this.jarUrlOnly = jarUrlOnly;
        this.subsumed = subsumed;
    }
}
