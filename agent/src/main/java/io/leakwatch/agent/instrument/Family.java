package io.leakwatch.agent.instrument;

import io.leakwatch.bootstrap.ResourceKind;

import java.util.List;
import java.util.Set;

/**
 * The instrumentation of one family of resource kinds: what the agent installs for them. Each kind names its family
 * by class ({@link ResourceKind#family()}); the installer loads the class of each family of the kinds tracked, whose
 * static initializer {@linkplain #register registers} its instance, and asks that instance once for its plans.
 * Loading rather than a reflective constructor call: on JDK 18 and later, reflection sets up method handles, a
 * cost paid at every start.
 *
 * <p>Implementations must be thread-safe (stateless) and cheap to make: they are made at every start.
 */
public interface Family {
    /**
     * The advice plans for the kinds of this family in {@code tracked} (the set holds every kind tracked, of this
     * family and others). A plan shared with another family must be the same object in both, so it is applied once.
     */
    List<AdvicePlan> plans(Set<ResourceKind> tracked);

    /**
     * The advice plans of the families of {@code tracked}: each family (several kinds may share one) made and asked
     * once, in the kinds' order; a plan two families share (the channel close of files, sockets and pipes) is in the
     * list once.
     */
    static List<AdvicePlan> plansOf(Set<ResourceKind> tracked) {
        Set<AdvicePlan> plans = new java.util.LinkedHashSet<>();
        Set<String> asked = new java.util.HashSet<>();
        for (ResourceKind kind : tracked) {
            if (asked.add(kind.family())) {
                Family family = named(kind.family());
                if (family != null) {
                    plans.addAll(family.plans(tracked));
                }
            }
        }
        return new java.util.ArrayList<>(plans);
    }

    /** Registers {@code family} under its class's name: called by the family class's static initializer. */
    static void register(Family family) {
        Registered.BY_CLASS.put(family.getClass().getName(), family);
    }

    /**
     * The family of class {@code name}, loaded in the agent's loader; {@code null}, with one line on stderr, when it
     * cannot be (the kinds it serves go untracked: an agent bug costs records, never the application).
     */
    static Family named(String name) {
        try {
            Class.forName(name, true, Family.class.getClassLoader());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            System.err.println("leakwatch: cannot install the family " + name + ": " + e);
            return null;
        }
        Family family = Registered.BY_CLASS.get(name);
        if (family == null) {
            System.err.println("leakwatch: cannot install the family " + name + ": its class registers no family");
        }
        return family;
    }

    /** The registered families, by class name. Thread-safe (a concurrent map). */
    final class Registered {
        static final java.util.Map<String, Family> BY_CLASS = new java.util.concurrent.ConcurrentHashMap<>();

        private Registered() {
        }
    }
}
