package io.leakwatch.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The advice to apply to one JDK class: which advice class goes on which methods.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class AdvicePlan {
    /** One advice class and the methods (or constructors) it is applied to. */
    public record Entry(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
    }

    private final String typeName;
    private final List<Entry> entries;

    private AdvicePlan(String typeName, List<Entry> entries) {
        this.typeName = typeName;
        this.entries = List.copyOf(entries);
    }

    /** Starts a plan for the class named {@code typeName}. */
    static Builder on(String typeName) {
        return new Builder(typeName);
    }

    public String typeName() {
        return typeName;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Collects the entries of one plan. Not thread-safe. */
    static final class Builder {
        private final String typeName;
        private final List<Entry> entries = new ArrayList<>();

        private Builder(String typeName) {
            this.typeName = typeName;
        }

        Builder advise(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
            entries.add(new Entry(advice, methods));
            return this;
        }

        AdvicePlan build() {
            return new AdvicePlan(typeName, entries);
        }
    }
}
