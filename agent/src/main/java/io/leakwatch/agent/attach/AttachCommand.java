package io.leakwatch.agent.attach;

import io.leakwatch.agent.config.OptionsParser;
import io.leakwatch.agent.install.AgentProperties;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code java -jar leakwatch-agent.jar attach <pid> [options]}: loads the agent into a running JVM through the attach
 * API. Resources that JVM opened before are not known to the agent; counts start at the attach.
 *
 * <p>Checks what it can before attaching, so that each mistake gets one line saying what is wrong: the process id,
 * the options (parsed here as the agent will parse them), a process that is not a JVM. Relative paths in
 * {@code report=}, {@code config=} and {@code suppressions=} are made absolute against this command's directory (the
 * target JVM's own directory is usually not the user's). A JVM that already runs the agent is left alone.
 *
 * <p>Exit status: 0 attached (or already running the agent), 1 the attach or the agent's start failed, 2 bad
 * arguments or no such JVM.
 *
 * <p>The attach API ({@code com.sun.tools.attach}, module {@code jdk.attach}) is reached by reflection: this class is
 * loaded by the agent's private class loader, whose parent (the platform loader) does not see that module.
 *
 * <p>Thread-safe (stateless); a command-line entry point.
 */
public final class AttachCommand {
    static final String USAGE = "usage: java -jar leakwatch-agent.jar attach <pid> [key=value ...]";
    private static final String VM = "com.sun.tools.attach.VirtualMachine";
    private static final String[] PATH_OPTIONS = {"report", "config", "suppressions"};

    private AttachCommand() {
    }

    /**
     * Runs the command. {@code args} are the words after {@code attach} (a leading {@code attach} is skipped too): the
     * process id, then options, each {@code key=value} or several joined with commas.
     *
     * @return the exit status
     */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>(List.of(args));
        if (!words.isEmpty() && words.get(0).equals("attach")) {
            words.remove(0);
        }
        if (words.isEmpty()) {
            err.println("leakwatch attach: no process id given; " + USAGE);
            return 2;
        }
        String pid = words.get(0);
        if (!isPid(pid)) {
            err.println("leakwatch attach: '" + pid + "' is not a process id (a positive number, as jps or ps shows);"
                        + " " + USAGE);
            return 2;
        }
        String options = options(words.subList(1, words.size()));
        List<String> problems = OptionsParser.parse(options, new Properties()).problems();
        if (!problems.isEmpty()) {
            for (String p : problems) {
                err.println("leakwatch attach: " + p);
            }
            err.println("leakwatch attach: nothing attached; " + USAGE);
            return 2;
        }
        String notJvm = notAJvm(Long.parseLong(pid));
        if (notJvm != null) {
            err.println("leakwatch attach: " + notJvm);
            return 2;
        }
        Path jar;
        try {
            jar = Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            err.println("leakwatch attach: cannot tell where the agent jar is (" + e + "); run it as java -jar"
                        + " leakwatch-agent.jar attach ...");
            return 1;
        }
        return attach(pid, jar, options, out, err);
    }

    /** Whether {@code word} can be a process id: a positive number, as jps or ps show them. */
    static boolean isPid(String word) {
        return word.matches("[1-9][0-9]{0,9}");
    }

    /** The options as the agent reads them: words joined with commas, relative file paths made absolute. */
    static String options(List<String> words) {
        List<String> parts = new ArrayList<>();
        for (String word : words) {
            for (String part : word.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String key = eq > 0 ? part.substring(0, eq).trim() : "";
                for (String pathKey : PATH_OPTIONS) {
                    if (key.equals(pathKey) && !part.substring(eq + 1).isBlank()) {
                        part = key + "=" + Path.of(part.substring(eq + 1).trim()).toAbsolutePath().normalize();
                    }
                }
                parts.add(part);
            }
        }
        return String.join(",", parts);
    }

    /**
     * Why {@code pid} cannot be a JVM to attach to, or {@code null} when it may be one. Asked before attaching: the
     * attach API would wait about 10 s on a process that is not a JVM before giving up.
     */
    static String notAJvm(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return "process " + pid + " is this command itself";
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            return "no process with id " + pid + " (jps lists the running JVMs)";
        }
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        try {
            if (Files.isReadable(maps) && !Files.readString(maps).contains("/libjvm.so")) {
                return "process " + pid + " is not a Java virtual machine (jps lists the running JVMs)";
            }
        } catch (IOException | RuntimeException e) {
            // not readable (another user's process, or not Linux): the attach API will say what it finds
        }
        return null;
    }

    private static int attach(String pid, Path jar, String options, PrintStream out, PrintStream err) {
        Class<?> vmClass;
        try {
            vmClass = Class.forName(VM, true, LiveJvm.attachLoader());
        } catch (ClassNotFoundException | RuntimeException e) {
            err.println("leakwatch attach: this Java runtime has no attach API (module jdk.attach); run the command"
                        + " with the java of a JDK, not a JRE");
            return 1;
        }
        Object vm;
        try {
            vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
        } catch (InvocationTargetException e) {
            err.println("leakwatch attach: cannot attach to process " + pid + ": " + e.getCause().getMessage()
                        + " (it must be a HotSpot JVM of the same user, started without -XX:+DisableAttachMechanism)");
            return e.getCause() instanceof IOException ? 2 : 1;
        } catch (ReflectiveOperationException e) {
            err.println("leakwatch attach: the attach API failed: " + e);
            return 1;
        }
        try {
            if (AgentProperties.ACTIVE.equals(agentProperties(vmClass, vm).getProperty(AgentProperties.KEY))) {
                if (options.isEmpty()) {
                    out.println("leakwatch: already active in JVM " + pid + "; not loaded again");
                    return 0;
                }
                return applyToRunningAgent(pid, vmClass, vm, options, out, err);
            }
            vmClass.getMethod("loadAgent", String.class, String.class).invoke(vm, jar.toString(), options);
            if (!AgentProperties.ACTIVE.equals(agentProperties(vmClass, vm).getProperty(AgentProperties.KEY))) {
                err.println("leakwatch attach: the agent was loaded into JVM " + pid + " but did not start; that JVM's"
                            + " standard error says why");
                return 1;
            }
            out.println("leakwatch: attached to JVM " + pid + "; tracking from now on (resources opened before are not"
                        + " known)" + (options.isEmpty() ? "" : ", options " + options));
            return 0;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String message = String.valueOf(cause.getMessage());
            if (message.contains("EnableDynamicAgentLoading")) {
                err.println("leakwatch attach: JVM " + pid + " does not allow agents to be loaded while it runs; start"
                            + " it with -XX:+EnableDynamicAgentLoading (JDK 21 and later), or with"
                            + " -javaagent:" + jar);
            } else {
                err.println("leakwatch attach: loading the agent into JVM " + pid + " failed: "
                            + cause.getClass().getSimpleName() + ": " + message);
            }
            return 1;
        } catch (ReflectiveOperationException e) {
            err.println("leakwatch attach: the attach API failed: " + e);
            return 1;
        } finally {
            try {
                vmClass.getMethod("detach").invoke(vm);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // the connection is closed by the exit of this command anyway
            }
        }
    }

    /**
     * The agent runs in {@code pid} already: what of {@code options} can change while it runs (the limits) is set
     * through its MBeans, over the JVM's local JMX connector; everything else is said not applied, with how to change
     * the limits later. Returns 0 when everything was applied, else 1.
     */
    /** The kind whose limit the option {@code key} set in {@code parsed}, or {@code null}. */
    private static io.leakwatch.bootstrap.ResourceKind limitedKind(io.leakwatch.agent.config.LeakWatchOptions parsed,
                                                                   String key) {
        for (java.util.Map.Entry<io.leakwatch.bootstrap.ResourceKind, Long> e : parsed.limits().limits().entrySet()) {
            if (io.leakwatch.agent.config.LimitOptions.optionOf(e.getKey()).equals(key)) {
                return e.getKey();
            }
        }
        return null;
    }

    static int applyToRunningAgent(String pid, Class<?> vmClass, Object vm, String options, PrintStream out,
                                   PrintStream err) {
        io.leakwatch.agent.config.LeakWatchOptions parsed = OptionsParser.parse(options, new Properties()).options();
        List<String> applied = new ArrayList<>();
        List<String> notApplied = new ArrayList<>();
        java.util.Map<String, Long> limits = new java.util.LinkedHashMap<>();
        for (String part : options.split(",")) {
            String key = part.contains("=") ? part.substring(0, part.indexOf('=')).trim() : part.trim();
            io.leakwatch.bootstrap.ResourceKind kind = limitedKind(parsed, key);
            if (kind != null) {
                limits.put(kind.label(), parsed.limits().limits().get(kind));
                applied.add(part.trim());
            } else {
                notApplied.add(part.trim());
            }
        }
        if (!limits.isEmpty()) {
            LiveJvm live = LiveJvm.of(vmClass, vm);
            try {
                javax.management.MBeanServerConnection server = live.jmx();
                for (java.util.Map.Entry<String, Long> e : limits.entrySet()) {
                    server.setAttribute(new javax.management.ObjectName("io.leakwatch:type=Resources,kind=" + e.getKey()),
                                        new javax.management.Attribute("Limit", e.getValue()));
                }
            } catch (javax.management.InstanceNotFoundException e) {
                err.println("leakwatch attach: JVM " + pid + " runs the agent without its MBeans for that kind (jmx=false,"
                            + " or the kind is not tracked): nothing applied");
                return 1;
            } catch (Exception e) {
                err.println("leakwatch attach: the limits could not be set in JVM " + pid + ": " + e);
                return 1;
            } finally {
                // the machine itself is detached by the caller
                live.closeJmx();
            }
        }
        out.println("leakwatch: already active in JVM " + pid + "; not loaded again"
                    + (applied.isEmpty() ? "" : "; applied: " + String.join(",", applied)));
        if (notApplied.isEmpty()) {
            return 0;
        }
        err.println("leakwatch attach: not applied (fixed when the agent started): " + String.join(",", notApplied)
                    + "; only limits change while it runs (limit.KIND=N here, or the Limit attribute of "
                    + "io.leakwatch:type=Resources,kind=KIND)");
        return 1;
    }

    private static Properties agentProperties(Class<?> vmClass, Object vm) throws ReflectiveOperationException {
        return (Properties) vmClass.getMethod("getAgentProperties").invoke(vm);
    }
}
