package io.leakwatch.report;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a suppression file, {@code kind:pattern}: the resources of that kind ({@code *} for any) whose stack has
 * a frame the pattern matches, or whose description it matches, are not reported.
 *
 * <p>The pattern is a glob: {@code *} matches any run of characters (dots included), everything else matches itself,
 * and it must match a whole string, either a frame's method ({@code com.example.Cache.load}, the frame without its
 * module prefix and {@code (File.java:line)}), the whole frame as reports print it
 * ({@code com.example.Cache.load(Cache.java:42)}, with or without its module prefix), or the whole description
 * ({@code /var/cache/*}). A whole-string
 * match rather than LeakSanitizer's substring match keeps {@code com.example.Cache.load} from also silencing
 * {@code com.example.Cache.loadAll}.
 *
 * <p>A pattern starting with {@code ^} is anchored at the site's first frame outside the JDK (its acquiring line):
 * {@code file:^com.example.Cache.load(Cache.java:42)} matches the files opened at that line and nothing else, where
 * {@code file:com.example.Cache.load} matches every file whose stack passes through that method, and
 * {@code file:demo.Main.main} every file opened anywhere under {@code main}. Reports suggest anchored rules, so that
 * pasting a suggestion silences its own site only.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind    a kind label, or {@code *} for every kind
 * @param pattern the glob, as written
 */
public record SuppressionRule(String kind, String pattern) {

    /** The {@code kind} that stands for every kind. */
    public static final String ANY_KIND = "*";

    // JDK frames are never the place to silence a leak: a rule on FileInputStream.<init> would hide every file.
    private static final List<String> JDK_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    // javac numbers lambdas per class (lambda$load$0); an edit elsewhere in the class renumbers them.
    private static final Pattern LAMBDA_NUMBER = Pattern.compile("(lambda\\$[^.$]+\\$)\\d+$");

    /** The canonical constructor; rejects a blank kind or pattern. */
    public SuppressionRule {
        if (kind == null || kind.isBlank() || pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a rule needs a kind and a pattern: kind:pattern");
        }
    }

    /** The prefix of a pattern anchored at the first frame outside the JDK. */
    public static final String ANCHOR = "^";

    /**
     * Whether this rule silences {@code site}: a frame matches (for an anchored rule, the first frame outside the
     * JDK), or every one of its example descriptions does.
     */
    public boolean matches(SiteEntry site) {
        if (!kindMatches(site.kind())) {
            return false;
        }
        if (anchored()) {
            return anchorMatches(site.stack());
        }
        if (anyFrameMatches(site.stack())) {
            return true;
        }
        // A site stands for many resources of which only the examples are known: all of them must match.
        return !site.examples().isEmpty() && site.examples().stream().allMatch(this::globMatches);
    }

    /** Whether this rule silences {@code resource}: a frame of its stack or its description matches. */
    public boolean matches(ResourceEntry resource) {
        if (anchored()) {
            return kindMatches(resource.kind()) && anchorMatches(resource.stack());
        }
        return kindMatches(resource.kind())
               && (anyFrameMatches(resource.stack()) || globMatches(resource.description()));
    }

    /** Whether the pattern is anchored at the first frame outside the JDK ({@link #ANCHOR}). */
    public boolean anchored() {
        return pattern.startsWith(ANCHOR);
    }

    /**
     * The rule a report suggests for a site: its kind and its first frame outside the JDK, anchored there and with its
     * line, e.g. {@code file:^com.example.Cache.load(Cache.java:42)}, so that it silences that site and no other (a
     * rule on a method matches every stack passing through it: one on {@code main} silenced every leak of the
     * program). Empty when the stack is.
     */
    public static Optional<String> suggestFor(String kind, List<String> stack) {
        String chosen = anchorFrame(stack);
        if (chosen == null) {
            return Optional.empty();
        }
        chosen = withoutPrefix(chosen).trim();
        int paren = chosen.indexOf('(');
        String method = paren < 0 ? chosen : chosen.substring(0, paren);
        Matcher lambda = LAMBDA_NUMBER.matcher(method);
        if (lambda.find()) {
            // javac renumbers lambdas with unrelated edits; the line still tells them apart
            chosen = method.substring(0, lambda.start()) + lambda.group(1) + "*" + chosen.substring(method.length());
        }
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(kind + ":" + ANCHOR + chosen);
    }

    /** Whether {@code method} ({@code java.io.FileInputStream.<init>}) is the JDK's. */
    static boolean isJdk(String method) {
        for (String prefix : JDK_PREFIXES) {
            if (method.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The frame an anchored rule is matched against: the first outside the JDK, or the top one when the stack has only
     * JDK frames (a trimmed stack never looks like this, a hand-made one may); {@code null} for an empty stack.
     */
    static String anchorFrame(List<String> stack) {
        for (String frame : stack) {
            String method = method(frame);
            if (JDK_PREFIXES.stream().noneMatch(method::startsWith)) {
                return frame;
            }
        }
        return stack.isEmpty() ? null : stack.get(0);
    }

    /**
     * {@code com.example.Cache.load} of {@code app//com.example.Cache.load(Cache.java:42)}: no class-loader or module
     * prefix (which {@link StackTraceElement#toString()} adds for some loaders), no source position.
     */
    static String method(String frame) {
        String f = withoutPrefix(frame);
        int paren = f.indexOf('(');
        return (paren < 0 ? f : f.substring(0, paren)).trim();
    }

    /** {@code com.example.Cache.load(Cache.java:42)} of {@code app//com.example.Cache.load(Cache.java:42)}. */
    static String withoutPrefix(String frame) {
        int paren = frame.indexOf('(');
        int slash = frame.lastIndexOf('/', paren < 0 ? frame.length() - 1 : paren);
        return frame.substring(slash + 1);
    }

    @Override
    public String toString() {
        return kind + ":" + pattern;
    }

    private boolean kindMatches(String label) {
        return ANY_KIND.equals(kind) || kind.equals(label);
    }

    private boolean anchorMatches(List<String> stack) {
        String frame = anchorFrame(stack);
        if (frame == null) {
            return false;
        }
        String glob = pattern.substring(ANCHOR.length());
        return globMatches(glob, 0, method(frame), 0) || globMatches(glob, 0, withoutPrefix(frame), 0)
               || globMatches(glob, 0, frame, 0);
    }

    private boolean anyFrameMatches(List<String> stack) {
        for (String frame : stack) {
            if (globMatches(method(frame)) || globMatches(withoutPrefix(frame)) || globMatches(frame)) {
                return true;
            }
        }
        return false;
    }

    private boolean globMatches(String text) {
        return globMatches(pattern, 0, text, 0);
    }

    /** Iterative glob matching with one backtrack point: linear in practice, no regular expression to compile. */
    private static boolean globMatches(String glob, int g, String text, int t) {
        int starG = -1;
        int starT = -1;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                starG = g++;
                starT = t;
            } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (starG >= 0) {
                g = starG + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
