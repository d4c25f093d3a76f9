package io.leakwatch.agent.instrument;

import io.leakwatch.bootstrap.ResourceKind;

import java.util.List;
import java.util.Set;

/**
 * The instrumentation of one family of resource kinds: what the agent installs for them. Each kind names its family
 * by class ({@link ResourceKind#family()}); the installer makes one instance of each family of the kinds tracked, by
 * its public no-argument constructor, and asks it once for its plans.
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
     * The family class {@code name}, made in the agent's loader; {@code null}, with one line on stderr, when it cannot
     * be made (the kinds it serves go untracked: an agent bug costs records, never the application).
     */
    static Family named(String name) {
        try {
            return Class.forName(name, true, Family.class.getClassLoader()).asSubclass(Family.class)
                        .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            System.err.println("leakwatch: cannot install the family " + name + ": " + e);
            return null;
        }
    }
}
