package io.leakwatch.agent.install;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.bootstrap.Hooks;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * Instruments with Byte Buddy: every plan's advice woven into the classes it names or selects. The only class of the
 * installer that refers to Byte Buddy, so that a JVM started from the {@link TransformCache} loads none of it until an
 * application class needs instrumenting.
 *
 * <p>Not thread-safe itself (called once, under a lock where it is called late); the transformers it makes are.
 */
final class ByteBuddyInstall {
    private ByteBuddyInstall() {
    }

    /**
     * Installs the plans on {@code inst}, retransforming the loaded JDK classes named in {@code jdkTargets} and any
     * loaded application class a hierarchy plan selects. When {@code made} is not null, each JDK class instrumented
     * is recorded there, with the bytes it was made from, for the cache; when {@code appClasses} is not null, each
     * application class instrumented as it loads is recorded there. Returns the transformer installed.
     */
    static ClassFileTransformer installOn(Instrumentation inst, List<AdvicePlan> plans, Set<String> named,
                                          InstrumentedClasses made, Set<java.nio.file.Path> otherAgents,
                                          AppClassCache appClasses) {
        ClassLoader agentLoader = ByteBuddyInstall.class.getClassLoader();
        Candidates candidates = new Candidates(named, Candidates.prefilters(plans), agentLoader, otherAgents);
        ClassFileTransformer[] installed = new ClassFileTransformer[1];
        builder(inst, plans, named)
            // whatever Byte Buddy reads while transforming (class files of supertypes) is not the application's
            .with((AgentBuilder.TransformerDecorator) t -> {
                AgentGuard guard = new AgentGuard(t, candidates, made, appClasses);
                installed[0] = guard;
                return guard;
            })
            .installOn(inst);
        return installed[0];
    }

    /**
     * A transformer for the plans, not installed and with nothing retransformed: for classes that load from now on,
     * when the JDK's classes were instrumented from the cache. {@code named} must not name those.
     */
    static ClassFileTransformer makeRaw(Instrumentation inst, List<AdvicePlan> plans, Set<String> named) {
        return builder(inst, plans, named).makeRaw();
    }

    private static AgentBuilder builder(Instrumentation inst, List<AdvicePlan> plans, Set<String> named) {
        List<ElementMatcher<TypeDescription>> byHierarchy = new ArrayList<>();
        for (AdvicePlan plan : plans) {
            if (plan.typeMatcher() != null) {
                byHierarchy.add(plan.typeMatcher());
            }
        }
        ClassLoader agentLoader = ByteBuddyInstall.class.getClassLoader();
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            // advice only visits methods: no method graph to compute for each retransformed class
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            // classes first loaded while Byte Buddy itself is transforming are skipped by its circularity lock;
            // reiterating picks them up in the retransformation pass
            .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new InstallListener())
            // advice inlined into a class of a named module calls the bootstrap package: that module must read it
            .with(AgentBuilder.Listener.ModuleReadEdgeCompleting.of(inst, false, Hooks.class))
            // JDK classes by name only; application classes (JDBC drivers and pools) only when a hierarchy plan asks,
            // and never the agent's own or the boot loader's
            .ignore((type, loader, module, redefined, domain) -> {
                if (named.contains(type.getName())) {
                    return false;
                }
                if (loader == null || loader == agentLoader) {
                    return true;
                }
                for (ElementMatcher<TypeDescription> m : byHierarchy) {
                    if (m.matches(type)) {
                        return false;
                    }
                }
                return true;
            });
        // advice given by name is read as class files through the agent's loader (which serves them), never loaded
        ClassFileLocator adviceFiles = ClassFileLocator.ForClassLoader.of(agentLoader);
        TypePool advicePool = TypePool.Default.of(adviceFiles);
        for (AdvicePlan plan : plans) {
            ElementMatcher<? super TypeDescription> type = plan.typeName() != null ? named(plan.typeName())
                : plan.typeMatcher();
            builder = builder.type(type).transform(new VisitorTransformer(plan, advicePool, adviceFiles));
        }
        return builder;
    }

    /**
     * Applies the advice of one plan. The advice is built when the plan's first class is transformed, not at start-up:
     * most JVMs never load JCuda, many no JDBC driver, and reading an advice class and resolving its annotations runs
     * cold Byte Buddy code (building every plan's advice at start-up took a quarter of the agent's start here). Thread-
     * safe: classes load on any thread; the advice is built once, under this object's lock (which nothing else takes
     * while holding a class loader's), and read through a volatile field afterwards.
     */
    private static final class VisitorTransformer implements AgentBuilder.Transformer {
        private final AdvicePlan plan;
        private final TypePool advicePool;
        private final ClassFileLocator adviceFiles;
        private volatile List<AsmVisitorWrapper> visitors;

        VisitorTransformer(AdvicePlan plan, TypePool advicePool, ClassFileLocator adviceFiles) {
            this.plan = plan;
            this.advicePool = advicePool;
            this.adviceFiles = adviceFiles;
        }

        @Override
        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                                ClassLoader loader, JavaModule module,
                                                java.security.ProtectionDomain domain) {
            for (AsmVisitorWrapper v : visitors()) {
                builder = builder.visit(v);
            }
            return builder;
        }

        private List<AsmVisitorWrapper> visitors() {
            List<AsmVisitorWrapper> built = visitors;
            if (built == null) {
                synchronized (this) {
                    built = visitors;
                    if (built == null) {
                        List<AsmVisitorWrapper> list = new ArrayList<>();
                        for (AdvicePlan.Entry e : plan.entries()) {
                            // advice given by name is read as a class file (never loaded: it refers to JCuda)
                            Advice advice = e.advice() != null ? Advice.to(e.advice())
                                : Advice.to(advicePool.describe(e.adviceName()).resolve(), adviceFiles);
                            list.add(advice.on(e.methods()));
                        }
                        built = List.copyOf(list);
                        visitors = built;
                    }
                }
            }
            return built;
        }
    }

    /**
     * Runs Byte Buddy's transformer only for {@link Candidates}, and marks the thread as running agent code meanwhile,
     * so that class files read then (a supertype's, from a directory) are not tracked as the application's files.
     * Records each JDK class it instruments for the cache, when asked to.
     *
     * <p>Thread-safe: immutable besides the map it records into (concurrent).
     */
    private static final class AgentGuard extends ResettableClassFileTransformer.WithDelegation {
        private final Candidates candidates;
        /** Each boot-loader class instrumented, with the bytes it was made from; null: not recorded. */
        private final InstrumentedClasses made;
        /** Where each application class instrumented as it loads is recorded; null: not recorded. */
        private final AppClassCache appClasses;

        AgentGuard(ResettableClassFileTransformer transformer, Candidates candidates, InstrumentedClasses made,
                   AppClassCache appClasses) {
            super(transformer);
            this.candidates = candidates;
            this.made = made;
            this.appClasses = appClasses;
        }

        @Override
        public byte[] transform(ClassLoader loader, String name, Class<?> redefined,
                                java.security.ProtectionDomain domain, byte[] bytes)
            throws java.lang.instrument.IllegalClassFormatException {
            if (candidates.skip(loader, name, redefined, domain, bytes)) {
                return null;
            }
            Hooks.enterAgent();
            try {
                return record(loader, name, redefined, bytes,
                              classFileTransformer.transform(loader, name, redefined, domain, bytes));
            } finally {
                Hooks.exitAgent();
            }
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                java.security.ProtectionDomain domain, byte[] bytes)
            throws java.lang.instrument.IllegalClassFormatException {
            if (candidates.skip(loader, name, redefined, domain, bytes)) {
                return null;
            }
            Hooks.enterAgent();
            try {
                return record(loader, name, redefined, bytes,
                              classFileTransformer.transform(module, loader, name, redefined, domain, bytes));
            } finally {
                Hooks.exitAgent();
            }
        }

        /**
         * Returns {@code output}; keeps it with {@code input} for the cache when it is a boot-loader class Byte Buddy
         * changed, or an application class loading whose plans the headers tell.
         */
        private byte[] record(ClassLoader loader, String internalName, Class<?> redefined, byte[] input,
                              byte[] output) {
            if (made != null && loader == null && output != null && internalName != null) {
                made.add(internalName.replace('/', '.'), input, output.clone());
            } else if (appClasses != null && loader != null && redefined == null) {
                String plans = candidates.plansFor(loader, internalName, input);
                if (plans != null && !plans.isEmpty()) {
                    appClasses.add(internalName, plans, input, output);
                }
            }
            return output;
        }
    }

    /** Reports a class that could not be instrumented: that API then goes untracked, which the user should know. */
    private static final class InstallListener extends AgentBuilder.Listener.Adapter {
        /** {@code -Dio.leakwatch.debug.transforms=true}: print every class instrumented (for diagnosing overhead). */
        private final boolean verbose = Boolean.getBoolean("io.leakwatch.debug.transforms");

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            if (verbose) {
                System.err.println("leakwatch: instrumented " + type.getName());
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            System.err.println("leakwatch: cannot instrument " + typeName + ", resources it opens are not tracked: "
                               + error);
        }
    }
}
