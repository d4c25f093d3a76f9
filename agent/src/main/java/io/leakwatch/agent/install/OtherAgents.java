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

    /**
     * The jars of the {@code -javaagent:} options but leakwatch's own ({@code ownJar}); empty when the arguments cannot
     * be read.
     */
    static String[] jarsOnCommandLine(File ownJar) {
        return jarsIn(runtimeArguments(), ownJar.toPath().toAbsolutePath().normalize());
    }

    /**
     * Whether the JVM's arguments start a JDK Flight Recorder recording with the JVM ({@code -XX:StartFlightRecording},
     * or set its options): then leakwatch's events join it from the start.
     */
    static boolean startsFlightRecording() {
        for (String a : runtimeArguments()) {
            if (a.startsWith("-XX:StartFlightRecording") || a.startsWith("-XX:FlightRecorderOptions")) {
                return true;
            }
        }
        return false;
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

    /** {@code jars} as absolute, normalized paths. */
    static java.util.Set<Path> paths(String[] jars) {
        java.util.Set<Path> out = new java.util.HashSet<>();
        for (String jar : jars) {
            try {
                out.add(Path.of(jar).toAbsolutePath().normalize());
            } catch (RuntimeException e) {
                // a path the JVM could not have loaded an agent from either
            }
        }
        return out;
    }

    /**
     * Where {@code type} (an array type: its element type) was loaded from, absolute and normalized; {@code null} when
     * not a local file.
     */
    static Path locationOf(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        try {
            return locationOf(element.getProtectionDomain());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Where classes of {@code domain} were loaded from, absolute and normalized; {@code null} when not a local file. */
    static Path locationOf(java.security.ProtectionDomain domain) {
        java.security.CodeSource source = domain == null ? null : domain.getCodeSource();
        java.net.URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            return Path.of(url.toURI()).toAbsolutePath().normalize();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
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
}
