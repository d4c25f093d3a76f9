package io.leakwatch.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What makes two sites the same site, in one report and across reports (a merge, a diff): their application's frames,
 * the JDK's frames between them left out. The JDK's own frames (reflection, method handles, the I/O classes' internals) differ between
 * JDK versions and builds: with them, the same leak run on JDK 17 and on JDK 25 looked like two sites, and an upgrade
 * like a new leak. Even in one JVM they change: JDK 17 calls a reflected method through a native accessor 15 times, then
 * through a generated one. Frames are taken without the class loader's or module's prefix ({@code app//}).
 *
 * <p>Thread-safe: stateless.
 */
public final class SiteIdentity {
    private SiteIdentity() {
    }

    /** The stack's frames outside the JDK, with their source positions: {@code com.example.Foo.read(Foo.java:33)}. */
    public static List<String> frames(List<String> stack) {
        List<String> out = new ArrayList<>(stack.size());
        for (String frame : stack) {
            if (!SuppressionRule.isJdk(SuppressionRule.method(frame))) {
                out.add(SuppressionRule.withoutPrefix(frame).trim());
            }
        }
        // a stack of the JDK's frames only (never one the agent trims; a hand-made report's may be): all of them
        if (out.isEmpty()) {
            for (String frame : stack) {
                out.add(SuppressionRule.withoutPrefix(frame).trim());
            }
        }
        return out;
    }

    /** {@link #frames} without source positions: {@code com.example.Foo.read}. */
    static List<String> methods(List<String> stack) {
        List<String> out = new ArrayList<>();
        for (String frame : frames(stack)) {
            out.add(SuppressionRule.method(frame));
        }
        return out;
    }
}
