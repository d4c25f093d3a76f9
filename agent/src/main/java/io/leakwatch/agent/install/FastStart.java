package io.leakwatch.agent.install;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.bootstrap.Hooks;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Instruments a JVM that has just started without Byte Buddy: the JDK's classes get the bytes an earlier JVM made
 * ({@link TransformCache}, {@link CachedClasses}): those loaded already are retransformed now, the others as they load,
 * so a JVM that never opens a socket or a pool never loads those classes for the agent. The application's classes are
 * left to a {@link LazyByteBuddy} that loads Byte Buddy when the first JDBC or JCuda class appears. Falls back
 * (returns {@code false}, leaving no transformer behind) whenever that would not give the same result as
 * instrumenting with Byte Buddy now.
 *
 * <p>Not thread-safe; called once from {@code premain}.
 */
final class FastStart {
    private FastStart() {
    }

    /**
     * Installs {@code plans} from {@code cache}. Returns whether it did; if not, nothing was changed and the caller
     * instruments with Byte Buddy. Adds to {@code loadedAtStart} the names of the JDK classes of the plans that were
     * loaded already.
     */
    static boolean install(Instrumentation inst, TransformCache cache, List<AdvicePlan> plans, ClassLoader agentLoader,
                           Set<java.nio.file.Path> otherAgents, Set<String> loadedAtStart) {
        CachedClasses cached = null;
        try {
            Map<String, TransformCache.Entry> entries = cache.read();
            if (entries.isEmpty()) {
                return false;
            }
            List<AdvicePlan> jdkPlans = new ArrayList<>();
            List<AdvicePlan> rest = new ArrayList<>();
            Set<String> jdkNamed = new HashSet<>();
            Set<String> restNamed = new HashSet<>();
            for (AdvicePlan plan : plans) {
                if (plan.typeName() != null && entries.containsKey(plan.typeName())) {
                    jdkPlans.add(plan);
                    jdkNamed.add(plan.typeName());
                } else {
                    // a class this JDK does not have (the cache holds every one it has), or the application's
                    rest.add(plan);
                    if (plan.typeName() != null) {
                        restNamed.add(plan.typeName());
                    }
                }
            }
            // the JDK classes given their bytes, from the cache or by Byte Buddy
            Set<String> given = java.util.concurrent.ConcurrentHashMap.newKeySet();
            NestedLoads nested = new NestedLoads(inst, jdkNamed, given);
            cached = new CachedClasses(entries, new LazyByteBuddy(
                new Candidates(jdkNamed, List.of(), agentLoader, otherAgents),
                new ByteBuddyMaker(inst, jdkPlans, jdkNamed), nested, null), given);
            readBootstrap(inst, jdkNamed);
            // registered before the loaded classes are listed: a target loading meanwhile is given its entry as it
            // loads, and if listed too, again when retransformed
            inst.addTransformer(cached, true);
            List<Class<?>> loaded = loadedTargets(inst, jdkNamed, restNamed, otherAgents);
            if (loaded == null) {
                inst.removeTransformer(cached);
                return false;
            }
            if (!loaded.isEmpty()) {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
                // Byte Buddy, made meanwhile for a form the cache lacks, loaded JDK classes no transformer saw
                for (int round = 0; round < 3 && !cached.made().isEmpty() && nested.sweep() > 0; round++) {
                    // each retransformation may make more load
                }
            }
            if (!cached.gave(loaded)) {
                // a class neither its entry nor Byte Buddy instrumented: Byte Buddy instruments every class again
                // from its original bytes once this transformer is gone
                inst.removeTransformer(cached);
                return false;
            }
            for (Class<?> c : loaded) {
                loadedAtStart.add(c.getName());
            }
            if (!cached.made().isEmpty()) {
                // forms of classes this JVM handed over that no entry had (it runs otherwise than the JVM that made
                // the file: -Xshare:off, say): added, so that the next JVM run alike starts from the cache
                cache.write(cached.made().byClass());
            }
            if (!rest.isEmpty()) {
                Candidates candidates = new Candidates(restNamed, Candidates.prefilters(rest), agentLoader, otherAgents);
                inst.addTransformer(new LazyByteBuddy(candidates, new ByteBuddyMaker(inst, rest, restNamed), nested,
                                                      new AppClassCache(cache.forApplication(), inst)), true);
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

    /**
     * The JDK classes named in {@code jdkNamed} that are loaded already, in one pass over the loaded classes; {@code
     * null} when the cache cannot be used: a class named in {@code restNamed} (one the cache has no entry for) is
     * loaded, or an application class is (by an agent that started before this one: only Byte Buddy's pass over the
     * loaded classes would find a driver or pool among them). The application's classes are those of the system class
     * loader besides the agent's launcher and the classes of the other agents' jars ({@code otherAgents}: JaCoCo's
     * runtime, loaded before leakwatch when its {@code -javaagent:} comes first, is no application's); the JDK's
     * loaders, the agent's, and the loaders the JDK makes for its own generated classes hold none.
     */
    private static List<Class<?>> loadedTargets(Instrumentation inst, Set<String> jdkNamed, Set<String> restNamed,
                                                Set<java.nio.file.Path> otherAgents) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            if (loader == null) {
                if (jdkNamed.contains(c.getName())) {
                    targets.add(c);
                } else if (restNamed.contains(c.getName())) {
                    return null;
                }
            } else if (loader == system && !c.getName().startsWith("io.leakwatch.agent.premain.")
                       && (otherAgents.isEmpty() || !otherAgents.contains(OtherAgents.locationOf(c)))) {
                if (Boolean.getBoolean("io.leakwatch.debug.transforms")) {
                    System.err.println("leakwatch: no start from the cache: an application class is loaded already ("
                                       + c.getName() + " from " + OtherAgents.locationOf(c) + ")");
                }
                return null;
            }
        }
        return targets;
    }

    /**
     * What ModuleReadEdgeCompleting does on the Byte Buddy path: advice inlined into a class of a named module calls
     * the bootstrap package, so that module must read it, before the class loads (java.base was opened to it by the
     * installer already). The modules are found by the classes' packages, without loading the classes.
     */
    private static void readBootstrap(Instrumentation inst, Set<String> classNames) {
        Module bootstrap = Hooks.class.getModule();
        Set<String> packages = new HashSet<>();
        for (String name : classNames) {
            packages.add(name.substring(0, Math.max(0, name.lastIndexOf('.'))));
        }
        for (Module m : ModuleLayer.boot().modules()) {
            if (!m.canRead(bootstrap) && !java.util.Collections.disjoint(m.getPackages(), packages)) {
                inst.redefineModule(m, Set.of(bootstrap), Map.of(), Map.of(), Set.of(), Map.of());
            }
        }
    }

    /**
     * Makes Byte Buddy's transformer for some plans, when first needed: a class rather than a lambda, which the JDK
     * would spin at every start. Thread-safe (immutable; {@link LazyByteBuddy} calls it once).
     */
    private static final class ByteBuddyMaker implements java.util.function.Supplier<ClassFileTransformer> {
        private final Instrumentation inst;
        private final List<AdvicePlan> plans;
        private final Set<String> named;

        ByteBuddyMaker(Instrumentation inst, List<AdvicePlan> plans, Set<String> named) {
            this.inst = inst;
            this.plans = plans;
            this.named = named;
        }

        @Override
        public ClassFileTransformer get() {
            ClassFileTransformer[] made = new ClassFileTransformer[1];
            AgentInstaller.withoutNexus(() -> made[0] = ByteBuddyInstall.makeRaw(inst, plans, named));
            return made[0];
        }
    }

}
