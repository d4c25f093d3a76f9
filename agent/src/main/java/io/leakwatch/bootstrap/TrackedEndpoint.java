package io.leakwatch.bootstrap;

import java.lang.ref.ReferenceQueue;

/**
 * A tracked socket: a {@link TrackedResource} whose local and remote addresses change as the socket binds and connects.
 * The addresses are kept here (not read from the socket at report time) so that a socket that leaked, and is gone,
 * is still described by the last addresses it had.
 *
 * <p>Thread-safety: the addresses are volatile; each is replaced whole.
 */
final class TrackedEndpoint extends TrackedResource {
    volatile Object local;
    volatile Object remote;

    TrackedEndpoint(Object resource, int hash, ReferenceQueue<Object> queue, long id, ResourceKind kind, Object detail,
                    int flags, Acquirer acquirer, long acquiredAtMillis, InternedStack stack, Owner owner,
                    int epoch) {
        super(resource, hash, queue, id, kind, detail, flags, acquirer, acquiredAtMillis, stack, owner, epoch);
    }

    /** Its type and addresses as last read, whatever the resource is now. */
    @Override
    String describe(Object resource) {
        Object l = local;
        Object r = remote;
        StringBuilder sb = new StringBuilder(48).append(detail);
        if (l != null) {
            sb.append(' ').append(l);
        }
        if (r != null) {
            sb.append(" -> ").append(r);
        }
        if (l == null && r == null) {
            sb.append(" (unbound)");
        }
        return sb.toString();
    }
}
