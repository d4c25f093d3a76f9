package io.leakwatch.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The settings one test is checked with: from its {@link LeakCheck} annotation, or the annotation's defaults when the
 * extension was auto-detected and the test has none.
 *
 * <p>Immutable and thread-safe.
 */
final class CheckSettings {
    /** The longest {@link LeakCheck#lingerMillis()} accepted: a longer wait is a mistake, not a setting. */
    static final long MAX_LINGER_MILLIS = 600_000;

    private final List<String> kinds;
    private final List<Glob> allow;
    private final long lingerMillis;
    private final String origin;

    private CheckSettings(List<String> kinds, List<Glob> allow, long lingerMillis, String origin) {
        this.kinds = kinds;
        this.allow = allow;
        this.lingerMillis = lingerMillis;
        this.origin = origin;
    }

    /** The defaults, for a test the auto-detected extension checks without an annotation. */
    static CheckSettings defaults() {
        return new CheckSettings(List.of(), List.of(), 0, "leakwatch (auto-detected, default settings)");
    }

    /**
     * The settings of {@code annotation}, found on {@code origin} (e.g. {@code @LeakCheck on method x()}, used in
     * messages).
     *
     * @throws IllegalArgumentException with one line naming the bad attribute and what is valid
     */
    static CheckSettings of(LeakCheck annotation, String origin) {
        long linger = annotation.lingerMillis();
        if (linger < 0 || linger > MAX_LINGER_MILLIS) {
            throw new IllegalArgumentException(origin + ": lingerMillis = " + linger + " is out of range; valid: 0 to "
                                               + MAX_LINGER_MILLIS + " (milliseconds)");
        }
        List<String> kinds = new ArrayList<>();
        for (String k : annotation.kinds()) {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException(origin + ": kinds has an empty entry; give kind names such as"
                                                   + " \"file\", or no kinds for all of them");
            }
            kinds.add(k.trim());
        }
        List<Glob> allow = new ArrayList<>();
        for (String pattern : annotation.allow()) {
            try {
                allow.add(Glob.of(pattern));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(origin + ": " + e.getMessage());
            }
        }
        return new CheckSettings(Collections.unmodifiableList(kinds), Collections.unmodifiableList(allow), linger,
                                 origin);
    }

    /** The kinds asked for; empty: all the agent tracks. */
    List<String> kinds() {
        return kinds;
    }

    long lingerMillis() {
        return lingerMillis;
    }

    /** Where these settings come from, for messages. */
    String origin() {
        return origin;
    }

    /**
     * Whether a resource of {@code kind}, described as {@code description} and acquired at {@code stack}
     * (application frame first), counts against the test. JUnit's own resources (the scheduler behind
     * {@code @Timeout}) never get here: the agent holds the test runner's apart from the application's.
     */
    boolean blames(String kind, String description, List<String> stack) {
        if (!kinds.isEmpty() && !kinds.contains(kind)) {
            return false;
        }
        for (Glob g : allow) {
            if (description != null && g.matches(description)) {
                return false;
            }
            for (String frame : stack) {
                if (g.matches(frame)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "kinds " + (kinds.isEmpty() ? "(all tracked)" : kinds) + ", allow " + Arrays.toString(allow.toArray())
               + ", linger " + lingerMillis + " ms";
    }
}
