package io.leakwatch.bootstrap;

/**
 * Where every acquisition and release of an application resource goes while someone asks for them one by one: JDK
 * Flight Recorder's {@code leakwatch.ResourceAcquired} and {@code leakwatch.ResourceReleased}, in the agent's loader,
 * installed with {@link ResourceRegistry#lifeEvents} only while a recording has one of them enabled. Otherwise the
 * registry pays one field read per acquisition and release.
 *
 * <p>Called on the acquiring and the releasing thread, inside the registry (the thread's own I/O untracked), so that
 * the recorder's stack trace of the event is that thread's. Implementations must be thread-safe and must not throw;
 * the registry drops whatever they throw.
 */
public interface LifeEventSink {
    /**
     * An application resource was acquired: its {@code kind}, {@code id}, {@code record} (its description on demand)
     * and where: {@code acquiredAt}, the first frame of its stack as the reports show it (the application's line;
     * empty when its stack was not recorded), the same string for every resource of the site.
     * Returns what to hand back to {@link #released} with this resource (the release's event, begun now so that its
     * duration is the hold), or {@code null}.
     */
    Object acquired(String kind, long id, RecordHandle record, String acquiredAt);

    /**
     * The resource {@code begun} was returned for by {@link #acquired} is being released on the calling thread: ends
     * its span, and says whether its event will be written (a recording's threshold may drop a short hold). Only then
     * does the registry find the release's stack and call {@link #released}.
     */
    boolean releasing(Object begun);

    /**
     * The resource of {@code begun} was released on the calling thread at {@code releasedAt} (the release's first
     * frame, as {@code acquiredAt}; empty when it ended without a close call of its own, as a thread's end), after
     * {@code heldMillis}; its acquirer was {@code acquiringThread}.
     */
    void released(Object begun, String kind, long id, RecordHandle record, String acquiringThread,
                  String acquiredAt, String releasedAt, long heldMillis);
}
