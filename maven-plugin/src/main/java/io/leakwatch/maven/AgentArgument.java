package io.leakwatch.maven;

import io.leakwatch.report.Kinds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code -javaagent:} argument {@code prepare-agent} puts into the test JVMs' command line, made from the plugin's
 * parameters: each fork writes its own JSON report into the output directory, and the parameters become the agent's
 * options in the agent's own syntax (options separated by {@code ,}, list items by {@code ;}). Parameters are checked
 * here, so a typo fails the build at once with one line rather than in every fork.
 *
 * <p>Immutable and thread-safe.
 */
final class AgentArgument {
    /** The report file of each test JVM; the agent replaces {@code {pid}}. */
    static final String FORK_REPORT = "leaks-{pid}.json";

    private final Path agentJar;
    private final List<String> options;

    private AgentArgument(Path agentJar, List<String> options) {
        this.agentJar = agentJar;
        this.options = List.copyOf(options);
    }

    /**
     * The argument for {@code agentJar} with {@code settings}.
     *
     * @throws IllegalArgumentException with one line naming the parameter, what was wrong and what is valid
     */
    static AgentArgument of(Path agentJar, Settings settings) {
        List<String> options = new ArrayList<>();
        options.add("report=" + checkedPath("outputDirectory", settings.outputDirectory().resolve(FORK_REPORT)));
        // the report and check goals print what matters once for the whole build, not once per fork
        options.add("summary=false");
        if (settings.kinds() != null && !settings.kinds().isBlank()) {
            options.add("kinds=" + String.join(";", kinds(settings.kinds())));
        }
        if (settings.limits() != null && !settings.limits().isBlank()) {
            options.addAll(limits(settings.limits()));
        }
        if (settings.suppressions() != null) {
            options.add("suppressions=" + checkedPath("suppressions", settings.suppressions()));
        }
        if (settings.stacks() != null && !settings.stacks().isBlank()) {
            options.add("stacks=" + settings.stacks().strip());
        }
        if (settings.options() != null && !settings.options().isBlank()) {
            options.add(settings.options().strip());
        }
        return new AgentArgument(agentJar, options);
    }

    /** The agent's options, as they follow the jar's path. */
    String options() {
        return String.join(",", options);
    }

    /**
     * The whole argument, {@code -javaagent:JAR=OPTIONS}, quoted as one argument when it holds a space (Surefire
     * splits its {@code argLine} on spaces outside quotes).
     */
    String argument() {
        String arg = "-javaagent:" + agentJar + "=" + options();
        return arg.indexOf(' ') >= 0 ? '"' + arg + '"' : arg;
    }

    /**
     * {@code existing} with the argument added at its end; {@code existing} may be {@code null} or blank. The agent
     * comes after what is there (JaCoCo's agent included), which is the order in which the JVM starts them.
     */
    String appendTo(String existing) {
        if (existing == null || existing.isBlank()) {
            return argument();
        }
        return existing.stripTrailing() + " " + argument();
    }

    /** The kinds named in {@code list}, separated by commas, semicolons or spaces; checked against the known ones. */
    static Set<String> kinds(String list) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : list.split("[,;\\s]+")) {
            String kind = k.strip().toLowerCase(Locale.ROOT);
            if (kind.isEmpty()) {
                continue;
            }
            if (!kind.equals("all") && !Kinds.isKnown(kind)) {
                throw new IllegalArgumentException("kinds: '" + k.strip() + "' is not a kind; valid: all, "
                                                   + Kinds.choices());
            }
            out.add(kind);
        }
        return out;
    }

    /**
     * {@code limit.KIND=N} options from {@code file=500,jdbc=20} (commas, semicolons or spaces between them;
     * {@code KIND.bytes=6g} for a kind measured in bytes, such as {@code cuda.bytes=6g}).
     */
    static List<String> limits(String list) {
        List<String> out = new ArrayList<>();
        for (String pair : list.split("[,;\\s]+")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
            boolean bytes = name.endsWith(".bytes");
            String kind = bytes ? name.substring(0, name.length() - ".bytes".length()) : name;
            if (eq < 0 || !Kinds.isKnown(kind) || bytes != Kinds.inBytes(kind)
                || !value.matches(bytes ? "[0-9]+[kKmMgG]?" : "[0-9]+")) {
                throw new IllegalArgumentException("limits: '" + pair + "' is not KIND=N; valid: " + limitChoices()
                                                   + ", '=', and a whole number of 0 or more (of bytes, with an "
                                                   + "optional k, m or g, after .bytes), e.g. file=500,jdbc=20");
            }
            out.add("limit." + name + "=" + value);
        }
        return out;
    }

    /** What {@code limits} accepts before its {@code =}: each kind, as {@code KIND.bytes} where measured in bytes. */
    private static String limitChoices() {
        List<String> names = new ArrayList<>();
        for (String kind : Kinds.known()) {
            names.add(Kinds.inBytes(kind) ? kind + ".bytes" : kind);
        }
        return String.join(", ", names);
    }

    /** A path as an option value: the agent's options end at a comma, so a path cannot hold one. */
    private static String checkedPath(String parameter, Path path) {
        String p = path.toAbsolutePath().normalize().toString();
        if (p.indexOf(',') >= 0) {
            throw new IllegalArgumentException(parameter + ": '" + p + "' holds a comma, which ends an agent option; "
                                               + "valid: a path without commas");
        }
        return p;
    }

    /**
     * What {@code prepare-agent} was configured with.
     *
     * @param outputDirectory where each test JVM writes its report
     * @param kinds           the kinds to track (all when {@code null})
     * @param limits          {@code KIND=N} pairs, or {@code null}
     * @param suppressions    a suppression file, or {@code null}
     * @param stacks          the agent's {@code stacks} option, or {@code null}
     * @param options         more agent options, verbatim, or {@code null}
     */
    record Settings(Path outputDirectory, String kinds, String limits, Path suppressions, String stacks,
                    String options) {
    }
}
