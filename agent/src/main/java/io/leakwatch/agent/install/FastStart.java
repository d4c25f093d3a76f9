package io.leakwatch.agent.install;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.bootstrap.Hooks;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Instruments a JVM that has just started without Byte Buddy: the JDK's classes get the bytes an earlier JVM made
 * ({@link TransformCache}, {@link CachedClasses}), and the application's classes are left to a {@link LazyByteBuddy}
 * that loads Byte Buddy when the first JDBC or JCuda class appears. Falls back (returns {@code false}, leaving no
 * transformer behind) whenever that would not give the same result as instrumenting with Byte Buddy now.
 *
 * <p>Not thread-safe; called once from {@code premain}.
 */
final class FastStart {
    private FastStart() {
    }

    /**
     * Installs {@code plans} from {@code cache}; {@code jdkClasses} are the loaded JDK classes the plans name. Returns
     * whether it did; if not, nothing was changed and the caller instruments with Byte Buddy.
     */
    static boolean install(Instrumentation inst, TransformCache cache, List<AdvicePlan> plans,
                           List<Class<?>> jdkClasses, ClassLoader agentLoader, Set<java.nio.file.Path> otherAgents) {
        CachedClasses cached = null;
        try {
            Map<String, byte[][]> entries = entriesFor(cache.read(), jdkClasses);
            if (entries == null || applicationClassesLoaded(inst, otherAgents)) {
                return false;
            }
            cached = new CachedClasses(entries);
            readBootstrap(inst, jdkClasses);
            inst.addTransformer(cached, true);
            if (!jdkClasses.isEmpty()) {
                inst.retransformClasses(jdkClasses.toArray(new Class<?>[0]));
            }
            if (!cached.allGiven()) {
                // some class's bytes differ from the entry's (another agent changed them first, say): Byte Buddy
                // instruments every class again from its original bytes once this transformer is gone
                inst.removeTransformer(cached);
                return false;
            }
            List<AdvicePlan> rest = new ArrayList<>();
            Set<String> restNamed = new HashSet<>();
            for (AdvicePlan plan : plans) {
                if (plan.typeName() == null || !entries.containsKey(plan.typeName())) {
                    rest.add(plan);
                    if (plan.typeName() != null) {
                        restNamed.add(plan.typeName());
                    }
                }
            }
            if (!rest.isEmpty()) {
                Candidates candidates = new Candidates(restNamed, Candidates.prefilters(rest), agentLoader, otherAgents);
                inst.addTransformer(new LazyByteBuddy(candidates, () -> makeByteBuddy(inst, rest, restNamed)), true);
            }
            return true;
        } catch (Exception | LinkageError e) {
            // anything unexpected: leave nothing behind, and let Byte Buddy instrument as without a cache
            if (cached != null) {
                inst.removeTransformer(cached);
            }
            return false;
        }
    }

    /** The cached entry of each of {@code jdkClasses}, by binary name; {@code null} when one has none. */
    private static Map<String, byte[][]> entriesFor(Map<String, byte[][]> stored, List<Class<?>> jdkClasses) {
        Map<String, byte[][]> entries = new LinkedHashMap<>();
        for (Class<?> c : jdkClasses) {
            byte[][] e = stored.get(c.getName());
            if (e == null) {
                return null;
            }
            entries.put(c.getName(), e);
        }
        return entries;
    }

    /**
     * What ModuleReadEdgeCompleting does on the Byte Buddy path: advice inlined into a class of a named module calls
     * the bootstrap package, so that module must read it (java.base was opened to it by the installer already).
     */
    private static void readBootstrap(Instrumentation inst, List<Class<?>> jdkClasses) {
        Module bootstrap = Hooks.class.getModule();
        Set<Module> modules = new LinkedHashSet<>();
        for (Class<?> c : jdkClasses) {
            modules.add(c.getModule());
        }
        for (Module m : modules) {
            if (m.isNamed() && !m.canRead(bootstrap)) {
                inst.redefineModule(m, Set.of(bootstrap), Map.of(), Map.of(), Set.of(), Map.of());
            }
        }
    }

    private static ClassFileTransformer makeByteBuddy(Instrumentation inst, List<AdvicePlan> plans, Set<String> named) {
        ClassFileTransformer[] made = new ClassFileTransformer[1];
        AgentInstaller.withoutNexus(() -> made[0] = ByteBuddyInstall.makeRaw(inst, plans, named));
        return made[0];
    }

    /**
     * Whether an application class is loaded already (by an agent that started before this one): only Byte Buddy's
     * pass over the loaded classes would find a driver or pool among them. The application's classes are those of the
     * system class loader besides the agent's launcher and the classes of the other agents' jars ({@code otherAgents}:
     * JaCoCo's runtime, loaded before leakwatch when its {@code -javaagent:} comes first, is no application's); the
     * JDK's loaders, the agent's, and the loaders the JDK makes for its own generated classes hold none.
     */
    private static boolean applicationClassesLoaded(Instrumentation inst, Set<java.nio.file.Path> otherAgents) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == system && !c.getName().startsWith("io.leakwatch.agent.premain.")
                && (otherAgents.isEmpty() || !otherAgents.contains(OtherAgents.locationOf(c)))) {
                if (Boolean.getBoolean("io.leakwatch.debug.transforms")) {
                    System.err.println("leakwatch: no start from the cache: an application class is loaded already ("
                                       + c.getName() + " from " + OtherAgents.locationOf(c) + ")");
                }
                return true;
            }
        }
        return false;
    }
}
