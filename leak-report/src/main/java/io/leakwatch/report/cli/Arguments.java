package io.leakwatch.report.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One command's arguments: positional inputs and {@code --name value} (or {@code --name=value}) options, checked
 * against the options the command accepts.
 *
 * <p>Immutable once parsed; thread-safe.
 */
final class Arguments {
    private final String command;
    private final List<String> positional;
    private final Map<String, String> options;

    private Arguments(String command, List<String> positional, Map<String, String> options) {
        this.command = command;
        this.positional = List.copyOf(positional);
        this.options = Map.copyOf(options);
    }

    /**
     * Parses {@code args} (the command's own, without its name).
     *
     * @param valid the options the command accepts, each with its value's name ({@code "--max" -> "N"})
     * @throws UsageException for an option not in {@code valid}, or one without its value
     */
    static Arguments parse(String command, String[] args, Map<String, String> valid) throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        boolean onlyPositional = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (onlyPositional || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                onlyPositional = true;
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (!valid.containsKey(name)) {
                throw new UsageException(command + ": unknown option '" + name + "'; valid: " + describe(valid));
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(command + ": option " + name + " needs a value: " + name + " "
                                         + valid.get(name));
            }
            if (options.put(name, value) != null) {
                throw new UsageException(command + ": option " + name + " is given twice; give it once");
            }
        }
        return new Arguments(command, positional, options);
    }

    String command() {
        return command;
    }

    List<String> positional() {
        return positional;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** {@code --max N, --kinds K1,K2}: the options for a message that lists the valid ones. */
    static String describe(Map<String, String> valid) {
        if (valid.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        valid.forEach((name, value) -> out.add(name + " " + value));
        return String.join(", ", out);
    }
}
