package io.leakwatch.agent.install;

import io.leakwatch.agent.config.LeakWatchOptions;
import io.leakwatch.agent.config.OptionsParser;
import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.CudaInstrumentation;
import io.leakwatch.agent.instrument.DescriptorInstrumentation;
import io.leakwatch.agent.instrument.FileInstrumentation;
import io.leakwatch.agent.instrument.JdbcInstrumentation;
import io.leakwatch.agent.instrument.SocketInstrumentation;
import io.leakwatch.agent.instrument.SuperTypeMatcher;
import io.leakwatch.agent.instrument.ThreadPoolInstrumentation;
import io.leakwatch.agent.live.LiveViewStarter;
import io.leakwatch.agent.report.AgentReportRenderer;
import io.leakwatch.agent.report.ExitReporter;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.bootstrap.TrackingSettings;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * Installs leakwatch into the running JVM. Called once, reflectively, by the launcher.
 *
 * <p>Not thread-safe; runs once on the thread that calls {@code premain}.
 */
public final class AgentInstaller {
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";
    private AgentInstaller() {
    }

    /** Reads the options, installs the registry and the instrumentation, and registers the exit report. */
    public static void install(String agentArgs, Instrumentation inst) {
        // the installer's own file reads (a config file, class files) are not the application's resources
        Hooks.enterAgent();
        try {
            OptionsParser.Result parsed = OptionsParser.parse(agentArgs, System.getProperties());
            for (String problem : parsed.problems()) {
                System.err.println("leakwatch: " + problem);
            }
            LeakWatchOptions options = parsed.options();
            openJdkTo(Hooks.class.getModule(), inst);
            ResourceRegistry registry = new ResourceRegistry(new TrackingSettings(
                options.depth(), options.trim().toArray(new String[0]), options.kinds().toArray(new String[0]),
                options.leakedDetail(), options.adaptiveStacks(), options.pools().toArray(new String[0])));
            Hooks.install(registry);
            LeakWatchControl.installRenderer(new AgentReportRenderer());
            registry.setFailAtLimit(options.limits().fail());
            for (java.util.Map.Entry<String, Long> limit : options.limits().counts().entrySet()) {
                registry.setLimit(limit.getKey(), limit.getValue());
            }
            options.limits().cudaBytes().ifPresent(bytes -> registry.setLimit("cuda", bytes));
            instrument(inst, plansFor(options));
            // the MBeans (the Process MBean among them): registered later by the live view's own thread, never here
            // (see LiveView)
            LiveViewStarter.start(registry, options, ProcessBeanContributor.contributor(options, registry));
            Runtime.getRuntime().addShutdownHook(new Thread(new ExitReporter(registry, options), "leakwatch-exit"));
            AgentProperties.markActive(inst);
        } finally {
            Hooks.exitAgent();
        }
    }

    /**
     * Lets advice inlined into {@code java.base} call the bootstrap package (a named module reads an unnamed one only
     * when told to), and lets that package read the raw backtrace of {@code Throwable}, the protected address
     * getters of {@code SocketImpl}, the append flag of {@code FileDescriptor} and the name prefix of the JDK's
     * default thread factory.
     */
    private static void openJdkTo(Module bootstrap, Instrumentation inst) {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(bootstrap), Map.of(),
                            Map.of("java.lang", Set.of(bootstrap), "java.net", Set.of(bootstrap), "java.io", Set.of(bootstrap),
                                   "java.util.concurrent", Set.of(bootstrap)), Set.of(), Map.of());
    }

    static List<AdvicePlan> plansFor(LeakWatchOptions options) {
        List<AdvicePlan> plans = new ArrayList<>();
        Set<String> kinds = options.kinds();
        if (kinds.contains("file")) {
            plans.addAll(FileInstrumentation.plans());
        }
        if (kinds.contains("socket")) {
            plans.addAll(SocketInstrumentation.plans());
        }
        if (kinds.contains("pipe")) {
            plans.addAll(DescriptorInstrumentation.pipePlans());
        }
        if (kinds.contains("selector")) {
            plans.addAll(DescriptorInstrumentation.selectorPlans());
        }
        if (kinds.contains("threadpool")) {
            plans.addAll(ThreadPoolInstrumentation.plans());
        }
        if (kinds.contains("cuda")) {
            plans.addAll(CudaInstrumentation.plans());
        }
        if (kinds.contains("jdbc") || kinds.contains("jdbcpool") || kinds.contains("statement")) {
            plans.addAll(JdbcInstrumentation.plans(kinds.contains("statement")));
        }
        if (kinds.contains("file") || kinds.contains("socket") || kinds.contains("pipe")) {
            plans.add(DescriptorInstrumentation.channelClose());
        }
        return plans;
    }

    private static void instrument(Instrumentation inst, List<AdvicePlan> plans) {
        if (plans.isEmpty()) {
            return;
        }
        String[] names = plans.stream().map(AdvicePlan::typeName).filter(n -> n != null).distinct()
            .toArray(String[]::new);
        preload(names);
        // Byte Buddy's Nexus (for LoadedTypeInitializers, which inlined advice never needs) is set up through
        // sun.misc.Unsafe, which JDK 24+ warns about on stderr; the property is read once, so it is set only meanwhile
        String nexus = System.getProperty(NEXUS_DISABLED);
        System.setProperty(NEXUS_DISABLED, "true");
        try {
            install(inst, plans, names);
        } finally {
            if (nexus == null) {
                System.clearProperty(NEXUS_DISABLED);
            } else {
                System.setProperty(NEXUS_DISABLED, nexus);
            }
        }
    }

    private static void install(Instrumentation inst, List<AdvicePlan> plans, String[] names) {
        List<ElementMatcher<TypeDescription>> byHierarchy = new ArrayList<>();
        for (AdvicePlan plan : plans) {
            if (plan.typeMatcher() != null) {
                byHierarchy.add(plan.typeMatcher());
            }
        }
        ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
        Set<String> jdkTargets = Set.of(names);
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
            // whatever Byte Buddy reads while transforming (class files of supertypes) is not the application's
            .with((AgentBuilder.TransformerDecorator) t -> new AgentGuard(t, jdkTargets, prefilters(byHierarchy),
                                                                          agentLoader))
            // JDK classes by name only; application classes (JDBC drivers and pools) only when a hierarchy plan asks,
            // and never the agent's own or the boot loader's
            .ignore((type, loader, module, redefined, domain) -> {
                if (jdkTargets.contains(type.getName())) {
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
            ElementMatcher<? super TypeDescription> type = plan.typeName() != null ? named(plan.typeName()) : plan.typeMatcher();
            builder = builder.type(type).transform(new VisitorTransformer(plan, advicePool, adviceFiles));
        }
        builder.installOn(inst);
    }

    /**
     * Loads (without initializing) every target class, so that all of them are retransformed in one pass instead of
     * some being loaded later in the middle of another transformation, where Byte Buddy would skip them.
     */
    private static void preload(String[] names) {
        for (String name : names) {
            try {
                Class.forName(name, false, null);
            } catch (ClassNotFoundException | LinkageError absent) {
                // not in this JDK (e.g. the poll selector on some builds): nothing to instrument
            }
        }
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

    private static List<SuperTypeMatcher> prefilters(List<ElementMatcher<TypeDescription>> byHierarchy) {
        List<SuperTypeMatcher> out = new ArrayList<>();
        for (ElementMatcher<TypeDescription> m : byHierarchy) {
            if (!(m instanceof SuperTypeMatcher)) {
                // a matcher that cannot decide from a class file header: every class goes to Byte Buddy
                return null;
            }
            out.add((SuperTypeMatcher) m);
        }
        return out;
    }

    /**
     * Runs Byte Buddy's transformer only for classes that may be instrumented, and marks the thread as running agent
     * code meanwhile, so that class files read then (a supertype's, from a directory) are not tracked as the
     * application's files.
     *
     * <p>Every class the JVM loads after start-up passes here. Most can be turned away at once: a class of the boot
     * loader that is not a target, or an application class whose header (superclass and interfaces, read straight
     * from its bytes) shows it cannot implement a JDBC interface; Byte Buddy would parse each of those before
     * ignoring it.
     *
     * <p>Thread-safe: immutable besides the matchers' own caches.
     */
    private static final class AgentGuard extends ResettableClassFileTransformer.WithDelegation {
        private final Set<String> namedTargets;
        /** Null: no header prefilter (every application class goes to Byte Buddy). */
        private final List<SuperTypeMatcher> prefilters;
        private final ClassLoader agentLoader;

        AgentGuard(ResettableClassFileTransformer transformer, Set<String> namedTargets,
                   List<SuperTypeMatcher> prefilters, ClassLoader agentLoader) {
            super(transformer);
            this.namedTargets = namedTargets;
            this.prefilters = prefilters;
            this.agentLoader = agentLoader;
        }

        /** Whether a class being loaded for the first time can be left alone without asking Byte Buddy. */
        private boolean skip(ClassLoader loader, String internalName, Class<?> redefined, byte[] bytes) {
            if (redefined != null || internalName == null) {
                return false;
            }
            String name = internalName.replace('/', '.');
            if (namedTargets.contains(name)) {
                return false;
            }
            if (loader == null || loader == agentLoader || prefilters == null) {
                return loader == null || loader == agentLoader;
            }
            for (SuperTypeMatcher m : prefilters) {
                if (m.mayMatch(name, bytes)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public byte[] transform(ClassLoader loader, String name, Class<?> redefined,
                                java.security.ProtectionDomain domain, byte[] bytes)
            throws java.lang.instrument.IllegalClassFormatException {
            if (skip(loader, name, redefined, bytes)) {
                return null;
            }
            Hooks.enterAgent();
            try {
                return classFileTransformer.transform(loader, name, redefined, domain, bytes);
            } finally {
                Hooks.exitAgent();
            }
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                java.security.ProtectionDomain domain, byte[] bytes)
            throws java.lang.instrument.IllegalClassFormatException {
            if (skip(loader, name, redefined, bytes)) {
                return null;
            }
            Hooks.enterAgent();
            try {
                return classFileTransformer.transform(module, loader, name, redefined, domain, bytes);
            } finally {
                Hooks.exitAgent();
            }
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
