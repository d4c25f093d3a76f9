package io.leakwatch.agent.install;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The other Java agents named on the JVM's command line ({@code -javaagent:jar[=options]}), read from the JVM's own
 * list of its arguments: what their code acquires is theirs, not the application's. Agents started after leakwatch
 * (later {@code -javaagent:} options, a {@code Launcher-Agent-Class}, an attach) are also told to the bootstrap
 * package as they start; this list covers those that started before it.
 *
 * <p>Thread-safe (stateless).
 */
final class OtherAgents {
    private static final String OPTION = "-javaagent:";

    private OtherAgents() {
    }

    /** The jars of the {@code -javaagent:} options but leakwatch's own; empty when the arguments cannot be read. */
    static String[] jarsOnCommandLine() {
        return jarsIn(runtimeArguments(), ownJar());
    }

    /** The jars named by {@code -javaagent:} in {@code arguments}, but {@code own}. */
    static String[] jarsIn(List<String> arguments, Path own) {
        List<String> jars = new ArrayList<>();
        for (String arg : arguments) {
            if (!arg.startsWith(OPTION)) {
                continue;
            }
            String value = arg.substring(OPTION.length());
            int options = value.indexOf('=');
            String jar = options < 0 ? value : value.substring(0, options);
            if (jar.isEmpty()) {
                continue;
            }
            if (own == null || !Path.of(jar).toAbsolutePath().normalize().equals(own)) {
                jars.add(jar);
            }
        }
        return jars.toArray(new String[0]);
    }

    /**
     * The JVM's arguments, as {@code RuntimeMXBean.getInputArguments()} has them, read from where that bean reads
     * them ({@code jdk.internal.misc.VM}, opened to the agent's loader by the launcher) so that no management class
     * is loaded at start-up.
     */
    private static List<String> runtimeArguments() {
        try {
            java.lang.reflect.Method m = Class.forName("jdk.internal.misc.VM").getMethod("getRuntimeArguments");
            m.setAccessible(true);
            return List.of((String[]) m.invoke(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of();
        }
    }

    private static Path ownJar() {
        try {
            return Path.of(new File(OtherAgents.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                               .getPath()).toAbsolutePath().normalize();
        } catch (Exception e) {
            return null;
        }
    }
}
