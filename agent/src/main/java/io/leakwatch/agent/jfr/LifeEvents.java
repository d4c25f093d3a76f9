package io.leakwatch.agent.jfr;

import io.leakwatch.bootstrap.LifeEventSink;
import io.leakwatch.bootstrap.RecordHandle;

/**
 * {@code leakwatch.ResourceAcquired} and {@code leakwatch.ResourceReleased}, committed on the acquiring and the
 * releasing thread. The registry hands resources here only while a recording has one of the two enabled (see
 * {@link JfrBridge}); each is still asked, since a recording may enable one and not the other. A resource's
 * description and stack are put into an event only when the event will be written.
 *
 * <p>Thread-safe: stateless.
 */
final class LifeEvents implements LifeEventSink {
    @Override
    public Object acquired(String kind, long id, RecordHandle record, String acquiredAt) {
        ResourceAcquiredEvent a = new ResourceAcquiredEvent();
        if (a.shouldCommit()) {
            a.kind = kind;
            a.description = record.description();
            a.resourceId = id;
            a.acquiredAt = acquiredAt;
            a.commit();
        }
        ResourceReleasedEvent r = new ResourceReleasedEvent();
        if (!r.isEnabled()) {
            return null;
        }
        r.begin();
        return r;
    }

    @Override
    public boolean releasing(Object begun) {
        ResourceReleasedEvent r = (ResourceReleasedEvent) begun;
        r.end();
        return r.shouldCommit();
    }

    @Override
    public void released(Object begun, String kind, long id, RecordHandle record, String acquiringThread,
                         String acquiredAt, String releasedAt, long heldMillis) {
        ResourceReleasedEvent r = (ResourceReleasedEvent) begun;
        r.fill(kind, record.description(), id, acquiringThread, heldMillis, acquiredAt);
        r.releasedAt = releasedAt;
        r.commit();
    }
}
