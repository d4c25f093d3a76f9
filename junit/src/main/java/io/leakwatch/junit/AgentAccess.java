package io.leakwatch.junit;

import io.leakwatch.bootstrap.KindCountsView;
import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.LeakWatchEvent;
import io.leakwatch.bootstrap.LeakWatchListener;
import io.leakwatch.bootstrap.RegistrySnapshot;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.ResourceView;

import java.util.ArrayList;
import java.util.List;

/**
 * The only class of the extension that names the agent's classes. The JVM resolves those names when this class runs,
 * through the test's class loader up to the boot loader, where {@code -javaagent} defined them; so it is used only
 * after {@link AgentProbe} has found the agent there, and a JVM without the agent never loads it.
 *
 * <p>Thread-safe (stateless; the agent's API is thread-safe).
 */
final class AgentAccess {
    private AgentAccess() {
    }

    /** Whether the agent attached to this JVM installed its registry. */
    static boolean isActive() {
        return LeakWatchControl.isActive();
    }

    /** A new mark: what is acquired from now on, by any thread, belongs to it. */
    static long mark() {
        return LeakWatchControl.mark();
    }

    /**
     * Why {@code kinds} cannot be checked in this JVM (one line, starting with {@code origin}), or {@code null} when
     * the agent knows and tracks all of them.
     */
    static String kindsProblem(List<String> kinds, String origin) {
        List<String> valid = new ArrayList<>();
        for (ResourceKind k : ResourceKind.values()) {
            valid.add(k.label());
        }
        List<String> tracked = new ArrayList<>();
        // a snapshot since a mark taken now lists no resources, but counts every kind the agent tracks
        for (KindCountsView c : LeakWatchControl.snapshotSince(LeakWatchControl.mark()).counts()) {
            tracked.add(c.kind());
        }
        for (String k : kinds) {
            if (!valid.contains(k)) {
                return origin + ": unknown kind '" + k + "'; valid kinds: " + String.join(", ", valid);
            }
            if (!tracked.contains(k)) {
                return origin + ": kind '" + k + "' is not tracked by the leakwatch agent in this JVM (it tracks "
                       + String.join(", ", tracked) + "); add it to the agent's kinds option, e.g."
                       + " -javaagent:leakwatch-agent.jar=kinds=all;" + k;
            }
        }
        return null;
    }

    /** How many resources acquired since {@code mark} are still open or leaked and blamed by {@code settings}. */
    static int count(long mark, CheckSettings settings) {
        RegistrySnapshot s = blamed(mark, settings);
        return s.open().size() + s.leaked().size();
    }

    /** Whether a thread started since {@code mark} and blamed by {@code settings} is still running. */
    static boolean threadsRunning(long mark, CheckSettings settings) {
        String thread = ResourceKind.THREAD.label();
        for (ResourceView v : blamed(mark, settings).open()) {
            if (v.kind().equals(thread)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The resources acquired since {@code mark} that are still open or leaked and blamed by {@code settings}, with
     * their text report (its reason {@code reason}), or {@code null} when there are none.
     */
    static Leaks leaks(long mark, CheckSettings settings, String reason) {
        RegistrySnapshot s = blamed(mark, settings);
        if (s.open().isEmpty() && s.leaked().isEmpty()) {
            return null;
        }
        ResourceView oldest = null;
        for (List<ResourceView> list : List.of(s.open(), s.leaked())) {
            for (ResourceView v : list) {
                if (oldest == null || v.acquiredAtMillis() < oldest.acquiredAtMillis()
                    || v.acquiredAtMillis() == oldest.acquiredAtMillis() && v.id() < oldest.id()) {
                    oldest = v;
                }
            }
        }
        return new Leaks(s.open().size(), s.leaked().size(), LeakWatchControl.render(s, "text", reason),
                         oldest.stack());
    }

    /**
     * The limits reached (the agent's one-line messages) since {@code sinceMillis}: the extension listens to the
     * agent's events from its first check on, as any application can ({@link LeakWatchControl#addListener}).
     */
    static List<String> limitsReachedSince(long sinceMillis) {
        try {
            // the listener is told on the agent's thread: what the test's last line caused may be a moment behind
            LeakWatchControl.awaitListeners(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return LimitLog.INSTANCE.since(sinceMillis);
    }

    /** Starts listening for limits reached, once per JVM (the first check calls it). */
    static void listen() {
        LimitLog.INSTANCE.addOnce();
    }

    /**
     * The latest limits reached, as the agent's listeners are told them (on the agent's thread). Thread-safe: guarded
     * by itself.
     */
    private static final class LimitLog implements LeakWatchListener {
        static final LimitLog INSTANCE = new LimitLog();
        /** The latest kept; older ones are of tests long finished. */
        private static final int KEPT = 100;
        private final java.util.ArrayDeque<LeakWatchEvent> latest = new java.util.ArrayDeque<>();
        private boolean added;

        synchronized void addOnce() {
            if (!added) {
                added = true;
                LeakWatchControl.addListener(this);
            }
        }

        @Override
        public synchronized void onEvent(LeakWatchEvent event) {
            if (event.type() == LeakWatchEvent.Type.LIMIT_REACHED) {
                if (latest.size() == KEPT) {
                    latest.removeFirst();
                }
                latest.addLast(event);
            }
        }

        synchronized List<String> since(long sinceMillis) {
            List<String> out = new ArrayList<>();
            for (LeakWatchEvent e : latest) {
                if (e.timeMillis() >= sinceMillis) {
                    out.add(e.message());
                }
            }
            return out;
        }
    }

    private static RegistrySnapshot blamed(long mark, CheckSettings settings) {
        return LeakWatchControl.snapshotSince(mark)
                               .filter(v -> settings.blames(v.kind(), v.description(), v.stack()));
    }
}
