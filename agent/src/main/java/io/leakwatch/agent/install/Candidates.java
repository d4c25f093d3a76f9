package io.leakwatch.agent.install;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.SuperTypeMatcher;
import io.leakwatch.bootstrap.Hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which classes being loaded may need instrumenting, decided from the name, the loader and the class file's header
 * alone. Every class the JVM loads after start-up passes here; most are turned away at once: a class of the boot
 * loader that is not a target, the agent's own, or an application class whose header (superclass and interfaces,
 * read straight from its bytes) shows it cannot implement a JDBC interface, and any class of another Java agent's jar
 * (JaCoCo's runtime, say: what other agents do is theirs, and deciding on their classes would load Byte Buddy for
 * nothing). Byte Buddy would parse each of those before ignoring it.
 *
 * <p>Thread-safe: immutable besides the matchers' own caches.
 */
final class Candidates {
    private final Set<String> named;
    /** Null: no header prefilter (every application class is a candidate). */
    private final List<SuperTypeMatcher> prefilters;
    private final ClassLoader agentLoader;
    /** Other agents' jars, absolute and normalized. */
    private final Set<java.nio.file.Path> otherAgents;

    /**
     * @param named       the classes instrumented by name (binary names)
     * @param prefilters  the hierarchy plans' header prefilters, or {@code null} when some plan has none
     * @param agentLoader the agent's class loader, whose classes are never instrumented
     * @param otherAgents other Java agents' jars (absolute, normalized), whose classes are never instrumented
     */
    Candidates(Set<String> named, List<SuperTypeMatcher> prefilters, ClassLoader agentLoader,
               Set<java.nio.file.Path> otherAgents) {
        this.named = Set.copyOf(named);
        this.prefilters = prefilters == null ? null : List.copyOf(prefilters);
        this.agentLoader = agentLoader;
        this.otherAgents = Set.copyOf(otherAgents);
    }

    /**
     * Whether a class being loaded or retransformed ({@code redefined}: the class, or {@code null} while it loads)
     * can be left alone. {@code domain}: the class's protection domain, or {@code null}. A retransformed class is
     * decided from its loaded supertypes: another agent (Mockito's inline mock maker, say) retransforms classes no
     * plan selects, and handing those to Byte Buddy would build its engine for nothing (about 0.4 s of CPU in each
     * such JVM).
     */
    boolean skip(ClassLoader loader, String internalName, Class<?> redefined, java.security.ProtectionDomain domain,
                 byte[] bytes) {
        if (internalName == null) {
            return false;
        }
        if (redefined != null) {
            return !maySelect(redefined, loader, domain);
        }
        String name = internalName.replace('/', '.');
        if (named.contains(name)) {
            return false;
        }
        if (loader == null || loader == agentLoader) {
            return true;
        }
        if (!otherAgents.isEmpty()) {
            java.nio.file.Path location = OtherAgents.locationOf(domain);
            if (location != null && otherAgents.contains(location)) {
                return true;
            }
        }
        if (prefilters == null) {
            return false;
        }
        // the supertypes' class files read here are the agent's, not the application's
        Hooks.enterAgent();
        try {
            for (SuperTypeMatcher m : prefilters) {
                if (m.mayMatch(name, bytes, loader)) {
                    return false;
                }
            }
            return true;
        } finally {
            Hooks.exitAgent();
        }
    }

    /** Whether a plan may select the loaded class {@code c}, which is being retransformed. */
    private boolean maySelect(Class<?> c, ClassLoader loader, java.security.ProtectionDomain domain) {
        if (named.contains(c.getName())) {
            return true;
        }
        if (loader == null || loader == agentLoader) {
            return false;
        }
        if (!otherAgents.isEmpty()) {
            java.nio.file.Path location = OtherAgents.locationOf(domain);
            if (location != null && otherAgents.contains(location)) {
                return false;
            }
        }
        if (prefilters == null) {
            return true;
        }
        for (SuperTypeMatcher m : prefilters) {
            if (m.selectsLoaded(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Which plans Byte Buddy's matchers would apply to a class being loaded (not retransformed) that {@link #skip}
     * let through, decided without Byte Buddy from the name and class file headers (the class's own and its
     * supertypes'): {@code ""} for none, {@code null} when that cannot be told (Byte Buddy then decides), otherwise
     * a tag naming them, {@code "n"} for the plan by name and {@code "h0"}, {@code "h1"}, ... for the hierarchy plans
     * by their order. The tag is part of the {@link AppClassCache}'s key: an output is reused only where the same
     * plans apply.
     */
    String plansFor(ClassLoader loader, String internalName, byte[] bytes) {
        if (prefilters == null || internalName == null || loader == null) {
            return null;
        }
        String name = internalName.replace('/', '.');
        StringBuilder tag = new StringBuilder(named.contains(name) ? "n" : "");
        Hooks.enterAgent();
        try {
            for (int i = 0; i < prefilters.size(); i++) {
                Boolean selected = prefilters.get(i).selects(name, bytes, loader);
                if (selected == null) {
                    return null;
                }
                if (selected) {
                    tag.append('h').append(i);
                }
            }
        } finally {
            Hooks.exitAgent();
        }
        return tag.toString();
    }

    /** The header prefilters of the hierarchy plans; {@code null} when one of them cannot decide from a header. */
    static List<SuperTypeMatcher> prefilters(List<AdvicePlan> plans) {
        List<SuperTypeMatcher> out = new ArrayList<>();
        for (AdvicePlan plan : plans) {
            if (plan.typeMatcher() == null) {
                continue;
            }
            if (!(plan.typeMatcher() instanceof SuperTypeMatcher)) {
                // a matcher that cannot decide from a class file header: every class goes to Byte Buddy
                return null;
            }
            out.add((SuperTypeMatcher) plan.typeMatcher());
        }
        return out;
    }
}
