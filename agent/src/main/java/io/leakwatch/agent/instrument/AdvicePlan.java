package io.leakwatch.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The advice to apply to one JDK class, named, or to every application class a matcher selects (the implementations
 * of a JDBC interface): which advice class goes on which methods.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class AdvicePlan {
    /**
     * One advice class and the methods (or constructors) it is applied to. The class is given as a {@code Class} or,
     * for advice whose body refers to classes of a library the agent does not have (JCuda), by name only: such a
     * class must never be loaded (linking it would look for that library), so Byte Buddy reads it as a class file.
     */
    public record Entry(Class<?> advice, String adviceName, ElementMatcher<? super MethodDescription> methods) {
        /** The advice class's binary name. */
        public String name() {
            return advice != null ? advice.getName() : adviceName;
        }
    }

    private final String typeName;
    private final ElementMatcher<TypeDescription> typeMatcher;
    private final List<Entry> entries;

    private AdvicePlan(String typeName, ElementMatcher<TypeDescription> typeMatcher, List<Entry> entries) {
        this.typeName = typeName;
        this.typeMatcher = typeMatcher;
        this.entries = List.copyOf(entries);
    }

    /** Starts a plan for the class named {@code typeName}. */
    static Builder on(String typeName) {
        return new Builder(typeName, null);
    }

    /** Starts a plan for every class {@code matcher} selects, whatever its name. */
    static Builder onTypes(ElementMatcher<TypeDescription> matcher) {
        return new Builder(null, matcher);
    }

    /** The class this plan is for, or {@code null} when it is for the classes {@link #typeMatcher()} selects. */
    public String typeName() {
        return typeName;
    }

    /** The matcher of a plan not for one named class; {@code null} for a named one. */
    public ElementMatcher<TypeDescription> typeMatcher() {
        return typeMatcher;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Collects the entries of one plan. Not thread-safe. */
    static final class Builder {
        private final String typeName;
        private final ElementMatcher<TypeDescription> typeMatcher;
        private final List<Entry> entries = new ArrayList<>();

        private Builder(String typeName, ElementMatcher<TypeDescription> typeMatcher) {
            this.typeName = typeName;
            this.typeMatcher = typeMatcher;
        }

        Builder advise(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
            entries.add(new Entry(advice, null, methods));
            return this;
        }

        /** Advice named {@code adviceName}, read as a class file and never loaded (see {@link Entry}). */
        Builder adviseByName(String adviceName, ElementMatcher<? super MethodDescription> methods) {
            entries.add(new Entry(null, adviceName, methods));
            return this;
        }

        AdvicePlan build() {
            return new AdvicePlan(typeName, typeMatcher, entries);
        }
    }
}
