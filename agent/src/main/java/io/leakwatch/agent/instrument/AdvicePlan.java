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

    /**
     * Adds the advice of the plans one class declares, by the class each plan is for ({@code null} for a plan for the
     * classes a matcher selects). One object per declaring class, its advice in one {@code switch}, rather than a
     * lambda per plan: each lambda is a class the JDK spins at start-up (about 0.3 ms each, 34 of them), and a JVM
     * that starts from the cache never asks for the advice.
     *
     * <p>Implementations must be thread-safe (stateless).
     */
    public interface Advisor {
        /** Adds the advice of the plan for {@code typeName} to {@code b}; throws for a class it has no plan for. */
        void advise(String typeName, Builder b);
    }

    private final String typeName;
    private final ElementMatcher<TypeDescription> typeMatcher;
    /** Fills a builder with the entries; run when they are first asked for (it makes Byte Buddy's matchers). */
    private final Advisor advisor;
    private volatile List<Entry> entries;

    private AdvicePlan(String typeName, ElementMatcher<TypeDescription> typeMatcher, Advisor advisor) {
        this.typeName = typeName;
        this.typeMatcher = typeMatcher;
        this.advisor = advisor;
    }

    /**
     * A plan for each class named in {@code typeNames}, whose entries {@code advisor} adds. They are made only when
     * first asked for: a JVM that starts from the cache of instrumented JDK classes never needs them, and making them
     * loads the advice classes and a part of Byte Buddy (its method matchers).
     */
    public static List<AdvicePlan> on(Advisor advisor, String... typeNames) {
        List<AdvicePlan> plans = new ArrayList<>(typeNames.length);
        for (String name : typeNames) {
            plans.add(new AdvicePlan(name, null, advisor));
        }
        return List.copyOf(plans);
    }

    /** A plan for every class {@code matcher} selects, whatever its name; {@code advisor} is asked for {@code null}. */
    public static AdvicePlan onTypes(ElementMatcher<TypeDescription> matcher, Advisor advisor) {
        return new AdvicePlan(null, matcher, advisor);
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
            advisor.advise(typeName, b);
            made = List.copyOf(b.entries);
            entries = made;
        }
        return made;
    }

    /** Collects the entries of one plan. Not thread-safe. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        public Builder advise(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
            entries.add(new Entry(advice, null, methods));
            return this;
        }

        /** Advice named {@code adviceName}, read as a class file and never loaded (see {@link Entry}). */
        public Builder adviseByName(String adviceName, ElementMatcher<? super MethodDescription> methods) {
            entries.add(new Entry(null, adviceName, methods));
            return this;
        }
    }
}
