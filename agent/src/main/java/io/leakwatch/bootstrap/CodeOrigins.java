package io.leakwatch.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells, for a class that is neither the JDK's nor leakwatch's, whether it is a test runner's, another Java agent's,
 * or the application's. {@link FrameFilter} asks it for the frames above the first application frame of an
 * acquisition: code of a runner or of another agent that acquires a resource on its own account holds it for itself.
 *
 * <ul>
 *   <li><b>Test runners</b> are recognized by the packages of their own code (see {@link #RUNNER_PACKAGES}): package
 *       names have held across many releases of each runner, where class names, methods and lines have not. The
 *       tests, and the code they test, are in none of these packages, so they stay the application's.</li>
 *   <li><b>Other agents</b> by where their code was loaded from: a jar named by another {@code -javaagent:} on the
 *       JVM's command line, or the jar of an agent class started later ({@code Launcher-Agent-Class}, an agent
 *       attached to the running JVM), which {@link #agentStarting} learns; when such an agent class comes from the
 *       application's own class path (a {@code Launcher-Agent-Class} lives in the application's jar), only that
 *       class and its nested classes are the agent's. Classes in the boot loader that are in no JDK module are other
 *       agents' too (APM agents put their bootstrap classes there; the application does not).</li>
 * </ul>
 *
 * <p>Thread-safe: the sets of agents' jars and classes are concurrent and only grow.
 */
public final class CodeOrigins {
    /**
     * The packages of test runners' own code; one place for every runner. Checked against Maven Surefire and Failsafe
     * 3.5 (the forked booter, its JUnit Platform provider, the libraries it shades under its own package) and the
     * JUnit Platform 1.14 launcher and console launcher with JUnit Jupiter 5.14 (whose engine, extensions and
     * assertion helpers make threads and read files for the test framework itself), by starting them here. The others
     * are listed by their documented packages and were not run here: JUnit 4 and 3, TestNG, Gradle's test worker,
     * IntelliJ IDEA's, Eclipse's and Visual Studio Code's runners, Ant's JUnit task.
     */
    static final String[] RUNNER_PACKAGES = {
        "org.apache.maven.surefire.", "org.apache.maven.plugin.surefire.", "org.apache.maven.plugin.failsafe.",
        "org.junit.", "junit.framework.", "junit.runner.", "junit.textui.", "org.testng.",
        "org.gradle.", "worker.org.gradle.",
        "com.intellij.rt.", "org.eclipse.jdt.internal.junit", "com.microsoft.java.test.runner.",
        "org.apache.tools.ant.taskdefs.optional.junit.",
    };

    /**
     * Whether {@code binaryName} (dotted) is in a test runner's package ({@link #RUNNER_PACKAGES}): code the
     * agent never instruments as the application's (no runner implements a JDBC interface), nor reads the hierarchy
     * of when a class loads.
     */
    public static boolean isRunnerClass(String binaryName) {
        for (String p : RUNNER_PACKAGES) {
            if (binaryName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private final String[] runnerPackages;
    /** Absolute, normalized paths of other agents' jars. */
    private final Set<String> agentJars = ConcurrentHashMap.newKeySet();
    /** Agent classes that live among the application's (their nested classes included). */
    private final Set<String> agentClasses = ConcurrentHashMap.newKeySet();
    /** The application class path's entries, absolute and normalized. */
    private final Set<String> classPath;

    /**
     * @param agentJars other agents' jars as named on the command line (relative ones against the working directory)
     * @param classPath the entries of {@code java.class.path}
     */
    CodeOrigins(String[] agentJars, String[] classPath) {
        this(RUNNER_PACKAGES, agentJars, classPath);
    }

    /** As above, with the test runners' packages given ({@link #RUNNER_PACKAGES} but in the agent's own tests). */
    CodeOrigins(String[] runnerPackages, String[] agentJars, String[] classPath) {
        this.runnerPackages = runnerPackages.clone();
        for (String jar : agentJars) {
            String p = normalize(jar);
            if (p != null) {
                this.agentJars.add(p);
            }
        }
        Set<String> cp = new java.util.HashSet<>();
        for (String entry : classPath) {
            String p = normalize(entry);
            if (p != null) {
                cp.add(p);
            }
        }
        this.classPath = cp;
    }

    /** Origins with no other agent and no class path: only the runners' packages and the boot loader's rule apply. */
    static CodeOrigins none() {
        return new CodeOrigins(new String[0], new String[0]);
    }

    /**
     * Whose code {@code frame} is: {@link Owner#RUNNER}, {@link Owner#AGENT}, or {@link Owner#APPLICATION}.
     * {@code type} is the frame's class where the stack was read raw (else {@code null}: decided by name only).
     * Never called for the JDK's or leakwatch's frames.
     */
    Owner of(StackTraceElement frame, Class<?> type) {
        String name = frame.getClassName();
        if (FrameFilter.startsWithAny(name, runnerPackages)) {
            return Owner.RUNNER;
        }
        if (!agentClasses.isEmpty() && isAgentClass(name)) {
            return Owner.AGENT;
        }
        if (type != null) {
            if (type.getClassLoader() == null) {
                // in the boot loader but in no JDK module: put there by an agent (Boot-Class-Path, appended jars)
                return Owner.AGENT;
            }
            if (!agentJars.isEmpty()) {
                String location = locationOf(type);
                if (location != null && agentJars.contains(location)) {
                    return Owner.AGENT;
                }
            }
        }
        return Owner.APPLICATION;
    }

    private boolean isAgentClass(String name) {
        int nested = name.indexOf('$');
        return agentClasses.contains(nested < 0 ? name : name.substring(0, nested));
    }

    /**
     * An agent's class is about to be started ({@code premain} or {@code agentmain}): from now on its jar's code is
     * the agent's, or, when it is a jar of the application's class path (a {@code Launcher-Agent-Class}), the class
     * and its nested classes.
     */
    void agentStarting(Class<?> agentClass) {
        String location = locationOf(agentClass);
        if (location != null && !classPath.contains(location) && location.endsWith(".jar")) {
            agentJars.add(location);
        } else {
            agentClasses.add(agentClass.getName());
        }
    }

    /** Where {@code type} was loaded from, as an absolute normalized path; {@code null} when not a local file. */
    private static String locationOf(Class<?> type) {
        try {
            java.security.ProtectionDomain domain = type.getProtectionDomain();
            java.security.CodeSource source = domain == null ? null : domain.getCodeSource();
            java.net.URL url = source == null ? null : source.getLocation();
            if (url == null || !"file".equals(url.getProtocol())) {
                return null;
            }
            return normalize(new java.io.File(url.toURI()).getPath());
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    private static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        try {
            return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
