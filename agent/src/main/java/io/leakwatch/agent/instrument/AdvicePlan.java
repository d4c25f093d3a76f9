package io.leakwatch.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The advice to apply to one JDK class, named, or to every application class a matcher selects (the implementations
 * of a JDBC interface): which advice class goes on which methods.
 *
 * <p>Thread-safe: immutable but for the entries, made once on first use and published through a volatile field.
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
    /** Fills a builder with the entries; run when they are first asked for (it makes Byte Buddy's matchers). */
    private final Consumer<Builder> advice;
    private volatile List<Entry> entries;

    private AdvicePlan(String typeName, ElementMatcher<TypeDescription> typeMatcher, Consumer<Builder> advice) {
        this.typeName = typeName;
        this.typeMatcher = typeMatcher;
        this.advice = advice;
    }

    /**
     * A plan for the class named {@code typeName}, whose entries {@code advice} adds. They are made only when first
     * asked for: a JVM that starts from the cache of instrumented JDK classes never needs them, and making them loads
     * a part of Byte Buddy (its method matchers).
     */
    static AdvicePlan on(String typeName, Consumer<Builder> advice) {
        return new AdvicePlan(typeName, null, advice);
    }

    /** A plan for every class {@code matcher} selects, whatever its name; its entries as for {@link #on}. */
    static AdvicePlan onTypes(ElementMatcher<TypeDescription> matcher, Consumer<Builder> advice) {
        return new AdvicePlan(null, matcher, advice);
    }

    /** The class this plan is for, or {@code null} when it is for the classes {@link #typeMatcher()} selects. */
    public String typeName() {
        return typeName;
    }

    /** The matcher of a plan not for one named class; {@code null} for a named one. */
    public ElementMatcher<TypeDescription> typeMatcher() {
        return typeMatcher;
    }

    /** The advice and the methods it goes on; made on the first call (racing first calls make equal lists). */
    public List<Entry> entries() {
        List<Entry> made = entries;
        if (made == null) {
            Builder b = new Builder();
            advice.accept(b);
            made = List.copyOf(b.entries);
            entries = made;
        }
        return made;
    }

    /** Collects the entries of one plan. Not thread-safe. */
    static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
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
    }
}
