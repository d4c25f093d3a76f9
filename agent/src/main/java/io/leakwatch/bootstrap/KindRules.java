package io.leakwatch.bootstrap;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What a family says about the records of its kind, beyond what {@link ResourceKind} declares: how one is described,
 * and whether one dropped without a release held nothing (so is no leak). A family whose detail describes itself
 * needs none; one that does registers its rules once, from its boot hooks' static initializer
 * ({@link Hooks#rules}), before it records anything.
 *
 * <p>Implementations are called by the readers of the registry (reports, the live view), as the agent, never on an
 * acquisition or release; they must be thread-safe and must not throw (a failure yields the plain description).
 */
public interface KindRules {
    /**
     * The description of a record: its {@code detail} and {@code flags} as the family recorded them;
     * {@code resource}, when not {@code null}, is the resource itself, still reachable, for what it can tell now (a
     * pool's live threads). The default: the detail as text.
     */
    default String describe(Object detail, int flags, Object resource) {
        return String.valueOf(detail);
    }

    /**
     * Whether a resource described by {@code detail}, found dropped without a release, never held anything (a thread
     * pool that never started a thread): it is counted apart from the leaks ({@code unusedPools} in reports).
     */
    default boolean heldNothing(Object detail) {
        return false;
    }

    /**
     * Whether a resource described by {@code detail} ended without its own release being seen: with another one (a
     * statement whose connection was closed: JDBC closes its statements with it), or by what it holds ending (a
     * timer whose thread ended). Asked when the registry is read, with the live {@code resource}, and when the
     * resource is found collected, with {@code null}; such a record ends as released rather than leaked.
     */
    default boolean endedElsewhere(Object detail, Object resource) {
        return false;
    }

    /** The rules of every kind, by ordinal; the default rules where a family registered none. */
    final class Registered {
        private static final KindRules PLAIN = new KindRules() {
        };
        private static final AtomicReferenceArray<KindRules> BY_KIND =
            new AtomicReferenceArray<>(ResourceKind.values().length);

        private Registered() {
        }

        static void set(ResourceKind kind, KindRules rules) {
            BY_KIND.set(kind.ordinal(), rules);
        }

        static KindRules of(ResourceKind kind) {
            KindRules r = BY_KIND.get(kind.ordinal());
            return r != null ? r : PLAIN;
        }
    }
}
