package io.leakwatch.junit;

/**
 * One {@link LeakCheck#allow()} pattern: {@code *} matches any run of characters (dots and slashes included),
 * {@code ?} any one character, and every other character itself; a pattern matches only a whole string.
 *
 * <p>Immutable and thread-safe.
 */
final class Glob {
    private final String pattern;

    private Glob(String pattern) {
        this.pattern = pattern;
    }

    /**
     * The glob {@code pattern}.
     *
     * @throws IllegalArgumentException when it is empty or blank (it would allow nothing, which is never meant)
     */
    static Glob of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("an allow pattern is empty; give a glob such as \"*cache*\" or"
                                               + " \"com.acme.Cache.*\"");
        }
        return new Glob(pattern);
    }

    /** Whether the whole of {@code s} matches. */
    boolean matches(String s) {
        // iterative wildcard matching with one backtrack point (the last '*'): linear for the patterns people write
        int p = 0;
        int i = 0;
        int star = -1;
        int starMatch = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starMatch = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++starMatch;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
