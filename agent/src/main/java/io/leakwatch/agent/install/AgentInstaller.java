package io.leakwatch.agent.install;

import io.leakwatch.agent.config.LeakWatchOptions;
import io.leakwatch.agent.config.OptionsParser;
import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.agent.instrument.AgentStartInstrumentation;
import io.leakwatch.agent.instrument.PlatformMBeanServerInstrumentation;
import io.leakwatch.agent.instrument.TestRunnerInstrumentation;
import io.leakwatch.agent.live.LiveViewStarter;
import io.leakwatch.agent.report.AgentReportRenderer;
import io.leakwatch.agent.report.ExitReporter;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.bootstrap.TrackingSettings;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs leakwatch into the running JVM. Called once, reflectively, by the launcher.
 *
 * <p>Not thread-safe; runs once on the thread that calls {@code premain}.
 */
public final class AgentInstaller {
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";
    private AgentInstaller() {
    }

    /**
     * {@link #install(String, Instrumentation, boolean, java.io.File, long)} with its arguments in one array, as the
     * launcher calls it: through a method handle on JDK 18 and later, whose shape, one reference and no result, is the
     * bootstrap injector's too, so the JDK spins the classes for it once (about 2 ms of CPU each time on JDK 25).
     */
    public static void install(Object[] launch) {
        install((String) launch[0], (Instrumentation) launch[1], (Boolean) launch[2], (java.io.File) launch[3],
                (Long) launch[4]);
    }

    /**
     * Reads the options, installs the registry and the instrumentation, and registers the exit report.
     * {@code withJvm}: called from {@code premain}, on the thread that will run {@code main}, before any application
     * class is loaded; otherwise the agent was attached to a running JVM ({@code agentmain}). {@code agentJar}: the
     * jar the agent runs from (its classes here have no code-source location to tell it). {@code startedNanos}: when
     * the launcher began, for {@link StartupPhases}.
     */
    static void install(String agentArgs, Instrumentation inst, boolean withJvm, java.io.File agentJar,
                        long startedNanos) {
        StartupPhases phases = new StartupPhases(startedNanos);
        phases.ended("launcher");
        // the installer's own file reads (a config file, class files) are not the application's resources
        Hooks.enterAgent();
        try {
            OptionsParser.Result parsed = OptionsParser.parse(agentArgs, System.getProperties());
            for (String problem : parsed.problems()) {
                System.err.println("leakwatch: " + problem);
            }
            LeakWatchOptions options = parsed.options();
            phases.ended("options");
            openJdkTo(Hooks.class.getModule(), inst);
            openManagementTo(inst);
            String[] otherAgents = OtherAgents.jarsOnCommandLine(agentJar);
            ResourceRegistry registry = new ResourceRegistry(new TrackingSettings(
                options.depth(), options.trim().toArray(new String[0]),
                options.kinds(),
                options.leakedDetail(), options.adaptiveStacks(), options.pools().toArray(new String[0]),
                otherAgents, classPath()));
            if (options.trace().path().isPresent()) {
                // before the registry is published: every thread sees the trace from its first event
                registry.startTrace(options.trace().tracedOf(options.kinds()));
            }
            Hooks.install(registry);
            // the hold times of each (acquisition site, release place) pair: an HdrHistogram, made on the first release
            registry.installReleaseHoldTimes(io.leakwatch.agent.report.PlaceHoldTimes.FACTORY);
            LeakWatchControl.installRenderer(new AgentReportRenderer(options.include()));
            // told of every JUnit Platform launcher (TestRunnerInstrumentation): acquisitions get the running test
            LeakWatchControl.onTestLauncher(new io.leakwatch.agent.runner.TestListener());
            registry.setFailAtLimit(options.limits().fail());
            for (java.util.Map.Entry<ResourceKind, Long> limit : options.limits().limits().entrySet()) {
                registry.setLimit(limit.getKey(), limit.getValue());
            }
            phases.ended("registry");
            Set<String> loadedAtStart = new java.util.HashSet<>();
            boolean fromCache = instrument(inst, plansFor(options), options, withJvm, agentJar, otherAgents, phases,
                                           loadedAtStart);
            // the MBeans (the Process MBean among them): registered when something first gets the platform
            // MBeanServer, never made here (see LiveViewStarter); one made already can only be there if the
            // ManagementFactory class was loaded before the agent (most JVMs load it only when they make the server)
            boolean serverMayExist = !fromCache || loadedAtStart.contains(LiveViewStarter.FACTORY);
            LiveViewStarter.start(registry, options, serverMayExist,
                                  ProcessBeanContributor.contributor(options, registry));
            phases.ended("live view");
            // the open counts over the run, for the reports' charts: a sample a second on the clock's thread
            registry.startHistory();
            Hooks.everySecond(new HistorySampler(registry));
            // leakwatch's events in any JDK Flight Recorder recording, once one runs
            io.leakwatch.agent.jfr.JfrBridge.start(registry, OtherAgents.startsFlightRecording());
            phases.ended("flight recorder");
            Runtime.getRuntime().addShutdownHook(new Thread(new ExitReporter(registry, options), "leakwatch-exit"));
            if (options.trace().path().isPresent()) {
                String trace = io.leakwatch.report.ReportFiles.expandPlaceholders(
                    options.trace().path().get(), ProcessHandle.current().pid(), java.time.Instant.now());
                io.leakwatch.agent.trace.TraceWriter.start(registry, java.nio.file.Path.of(trace),
                                                           options.trace().maxSize(), options.trace().files());
            }
            AgentProperties.markActive(inst);
            phases.ended("exit hook");
            phases.print();
        } finally {
            Hooks.exitAgent();
        }
    }

    /** The application's class path entries. */
    private static String[] classPath() {
        String cp = System.getProperty("java.class.path", "");
        return cp.isEmpty() ? new String[0] : cp.split(java.io.File.pathSeparator);
    }

    /**
     * Lets advice inlined into {@code java.base} call the bootstrap package (a named module reads an unnamed one only
     * when told to), and lets that package read the raw backtrace of {@code Throwable}, the protected address
     * getters of {@code SocketImpl}, the append flag of {@code FileDescriptor}, the name prefix of the JDK's
     * default thread factory, the socket of a connection in the JDK's HTTP keep-alive cache, a thread's task and a
     * timer's thread and queue.
     */
    private static void openJdkTo(Module bootstrap, Instrumentation inst) {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(bootstrap), Map.of(),
                            Map.of("java.lang", Set.of(bootstrap), "java.net", Set.of(bootstrap), "java.io", Set.of(bootstrap),
                                   "java.util", Set.of(bootstrap), "java.util.concurrent", Set.of(bootstrap),
                                   "sun.net", Set.of(bootstrap),
                                   "sun.security.ssl", Set.of(bootstrap)), Set.of(), Map.of());
    }

    /**
     * Lets the live view read whether the platform MBeanServer exists without creating it (see
     * {@code PlatformServers}), and advice in {@code ManagementFactory} call the bootstrap package; opened to the
     * agent's own loader only.
     */
    private static void openManagementTo(Instrumentation inst) {
        // no lambda on the start path: each is a class the JDK spins at every start
        java.util.Optional<Module> management = ModuleLayer.boot().findModule("java.management");
        if (management.isPresent()) {
            inst.redefineModule(management.get(), Set.of(Hooks.class.getModule()), Map.of(),
                                Map.of("java.lang.management", Set.of(AgentInstaller.class.getModule())), Set.of(),
                                Map.of());
        }
    }

    /** The advice plans of the families of the kinds tracked ({@link Family#plansOf}), then the agent's own. */
    static List<AdvicePlan> plansFor(LeakWatchOptions options) {
        List<AdvicePlan> plans = Family.plansOf(options.kinds());
        if (options.live().jmx()) {
            plans.addAll(PlatformMBeanServerInstrumentation.plans());
        }
        plans.addAll(TestRunnerInstrumentation.plans());
        plans.addAll(AgentStartInstrumentation.plans());
        return plans;
    }

    /**
     * Instruments the JDK's classes, from the cache when it can; returns whether it did, adding to
     * {@code loadedAtStart} the names of the targeted JDK classes loaded before the agent.
     */
    private static boolean instrument(Instrumentation inst, List<AdvicePlan> plans, LeakWatchOptions options,
                                      boolean withJvm, java.io.File agentJar, String[] otherAgents,
                                      StartupPhases phases, Set<String> loadedAtStart) {
        if (plans.isEmpty()) {
            return false;
        }
        phases.ended("plans");
        TransformCache cache = openCache(options, agentJar);
        phases.ended("cache key");
        ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
        // attached later, drivers and pools may be loaded already: only Byte Buddy's pass over the loaded classes
        // finds them
        java.util.Set<java.nio.file.Path> otherAgentJars = OtherAgents.paths(otherAgents);
        if (cache != null && withJvm && FastStart.install(inst, cache, plans, agentLoader, otherAgentJars,
                                                          loadedAtStart)) {
            phases.ended("instrument (cache)");
            return true;
        }
        String[] names = plans.stream().map(AdvicePlan::typeName).filter(n -> n != null).distinct()
            .toArray(String[]::new);
        List<Class<?>> jdkClasses = preload(names);
        InstrumentedClasses made = cache == null ? null : new InstrumentedClasses();
        ClassFileTransformer[] installed = new ClassFileTransformer[1];
        AppClassCache appClasses = cache == null || !withJvm ? null : new AppClassCache(cache.forApplication(), inst);
        withoutNexus(() -> installed[0] = ByteBuddyInstall.installOn(inst, plans, Set.of(names), made,
                                                                     otherAgentJars, appClasses));
        if (made != null && !jdkClasses.isEmpty() && madeAll(made, jdkClasses)) {
            withoutNexus(() -> addClassFiles(installed[0], made, jdkClasses));
            cache.write(made.byClass());
        }
        phases.ended("instrument (Byte Buddy)");
        return false;
    }

    private static boolean madeAll(InstrumentedClasses made, List<Class<?>> classes) {
        for (Class<?> c : classes) {
            if (!made.has(c.getName())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds to {@code made} each class's output made from its class file as the boot loader reads it, the form a
     * later JVM hands over for a class that loads after start-up (those retransformed now were handed over as the
     * JVM rebuilds them). {@code transformer} is run on the class file as for a retransformation; nothing is
     * redefined. A class whose file cannot be read is given its entry only when retransformed in a later JVM.
     */
    private static void addClassFiles(ClassFileTransformer transformer, InstrumentedClasses made,
                                      List<Class<?>> jdkClasses) {
        for (Class<?> c : jdkClasses) {
            String internalName = c.getName().replace('.', '/');
            try (java.io.InputStream in = c.getModule().getResourceAsStream(internalName + ".class")) {
                if (in == null) {
                    continue;
                }
                byte[] classFile = in.readAllBytes();
                if (!made.has(c.getName(), classFile)) {
                    // recorded by the transformer itself (a boot-loader class it changed)
                    transformer.transform(c.getModule(), null, internalName, c, c.getProtectionDomain(), classFile);
                }
            } catch (java.io.IOException | java.lang.instrument.IllegalClassFormatException | RuntimeException e) {
                // that class has no entry for loading later
            }
        }
    }

    /**
     * Runs {@code action} with Byte Buddy's Nexus switched off. The Nexus (for LoadedTypeInitializers, which inlined
     * advice never needs) is set up through {@code sun.misc.Unsafe}, which JDK 24+ warns about on stderr; Byte Buddy
     * reads the property once, so it is set only meanwhile.
     */
    static void withoutNexus(Runnable action) {
        String nexus = System.getProperty(NEXUS_DISABLED);
        System.setProperty(NEXUS_DISABLED, "true");
        try {
            action.run();
        } finally {
            if (nexus == null) {
                System.clearProperty(NEXUS_DISABLED);
            } else {
                System.setProperty(NEXUS_DISABLED, nexus);
            }
        }
    }

    /** The cache of instrumented JDK classes {@code cache=} names, or {@code null}: off, or not usable here. */
    private static TransformCache openCache(LeakWatchOptions options, java.io.File agentJar) {
        String dir = options.transformCache().orElse(null);
        if (dir == null) {
            return null;
        }
        TransformCache cache;
        try {
            cache = TransformCache.in(java.nio.file.Path.of(dir), fingerprint(agentJar), plansKey(options));
        } catch (RuntimeException e) {
            // the agent jar is not a local file, say: start as without a cache
            cache = null;
        }
        if (cache == null && !dir.equals(LeakWatchOptions.defaultCacheDir())) {
            // asked for by name: say why it is not used (the default directory failing, a read-only home, is silent)
            System.err.println("leakwatch: option cache: the directory " + dir + " is not used; it must be creatable, "
                               + "belong to " + System.getProperty("user.name") + ", not be a symbolic link and not be "
                               + "writable by group or others");
        }
        return cache;
    }

    /**
     * The agent jar's fingerprint, as the build wrote it into the jar; computed from the jar's directory for a jar
     * made otherwise.
     */
    private static String fingerprint(java.io.File agentJar) {
        try (java.io.InputStream in = AgentInstaller.class.getClassLoader()
            .getResourceAsStream(AgentJarPacking.FINGERPRINT)) {
            if (in != null) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            }
            return TransformCache.contentsOf(agentJar);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * What decides which classes and methods are instrumented, for the cache's key: the kinds tracked, and whether
     * the live view waits for the platform MBeanServer.
     */
    private static String plansKey(LeakWatchOptions options) {
        return String.join(",", new java.util.TreeSet<>(LeakWatchOptions.labels(options.kinds())))
               + (options.live().jmx() ? ";jmx" : "");
    }

    /**
     * Loads (without initializing) every target class, so that all of them are retransformed in one pass instead of
     * some being loaded later in the middle of another transformation, where Byte Buddy would skip them.
     */
    private static List<Class<?>> preload(String[] names) {
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : names) {
            try {
                loaded.add(Class.forName(name, false, null));
            } catch (ClassNotFoundException | LinkageError absent) {
                // not in this JDK (e.g. the poll selector on some builds), or not a JDK class (JCuda's): nothing to
                // instrument now
            }
        }
        return loaded;
    }
}
