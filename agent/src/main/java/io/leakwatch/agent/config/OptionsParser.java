package io.leakwatch.agent.config;

import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.report.ReportFormatType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds {@link LeakWatchOptions} from, in increasing precedence: a properties file named by {@code config=}, the
 * system properties {@code -Dleakwatch.<key>=<value>}, and the agent arguments {@code key=value,key=value}.
 *
 * <p>Bad input never stops the application: an unknown key or a bad value yields one problem line naming it and the
 * valid choices, and the default stays in force for that key.
 *
 * <p>Longer than most classes because every option's parsing and its one-line message are here together, so that
 * each message names the valid choices the same way and the list of keys stays next to the code that reads them.
 *
 * <p>Thread-safe (stateless).
 */
public final class OptionsParser {
    private static final String PROPERTY_PREFIX = "leakwatch.";
    private static final Set<String> KEYS = keys();

    private static Set<String> keys() {
        Set<String> keys = new TreeSet<>(List.of(
            "config", "report", "format", "depth", "kinds", "trim", "summary", "gcAtExit", "leakedDetail", "stacks",
            "pools", "exitcode", "failon", "suppressions", "limit.<kind>", "onlimit", "occupancy.warning",
            "occupancy.critical", "jmx", "holdthreshold", "process.interval", "process.warning", "process.critical",
            "cache", "report.include", "trace", "trace.maxSize", "trace.files", "trace.kinds"));
        for (ResourceKind k : ResourceKind.values()) {
            if (k.inBytes()) {
                keys.add(LimitOptions.optionOf(k));
            }
        }
        return keys;
    }

    /** The options and the problems met while reading them. */
    public record Result(LeakWatchOptions options, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    private OptionsParser() {
    }

    /**
     * Parses the agent arguments, the given system properties and, if named by either, a config file.
     *
     * @param agentArgs  the text after {@code =} in {@code -javaagent:}, or {@code null}
     * @param properties the JVM's system properties (only {@code leakwatch.*} keys are read)
     */
    public static Result parse(String agentArgs, Properties properties) {
        List<String> problems = new ArrayList<>();
        Map<String, String> fromArgs = splitArgs(agentArgs, problems);
        Map<String, String> fromProps = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                fromProps.put(name.substring(PROPERTY_PREFIX.length()), properties.getProperty(name).trim());
            }
        }
        Map<String, String> merged = new LinkedHashMap<>();
        String config = fromArgs.getOrDefault("config", fromProps.get("config"));
        if (config != null) {
            merged.putAll(readConfigFile(config, problems));
        }
        merged.putAll(fromProps);
        merged.putAll(fromArgs);
        merged.remove("config");
        return new Result(build(merged, problems), problems);
    }

    /** The options whose value is a list: an item after a comma continues it (see {@link #splitArgs}). */
    private static final Set<String> LIST_KEYS = Set.of("kinds", "report.include", "pools", "trim");

    private static Map<String, String> splitArgs(String args, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return out;
        }
        String lastKey = null;
        for (String part : args.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                if (lastKey != null && LIST_KEYS.contains(lastKey)) {
                    // kinds=file,socket: the comma that ends an option also reads as a list's separator, as the
                    // command line's --kinds takes it; the item joins the list before it
                    out.put(lastKey, out.get(lastKey) + ";" + part.trim());
                    continue;
                }
                problems.add("option '" + part.trim() + "' has no value; write key=value, keys: " + String.join(", ", KEYS));
                continue;
            }
            lastKey = part.substring(0, eq).trim();
            out.put(lastKey, part.substring(eq + 1).trim());
        }
        return out;
    }

    /** Why a file could not be read, in words: "no such file", "permission denied", or the exception's message. */
    static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) e).getReason() != null) {
            return ((java.nio.file.FileSystemException) e).getReason();
        }
        if (e instanceof java.nio.charset.CharacterCodingException || e instanceof IllegalArgumentException) {
            return "not a properties file (" + e.getMessage() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Map<String, String> readConfigFile(String file, List<String> problems) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            p.load(in);
        } catch (IOException | RuntimeException e) {
            problems.add("config file '" + file + "' cannot be read: " + reason(e)
                         + "; it must be a readable Java properties file of key=value lines");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name.startsWith(PROPERTY_PREFIX) ? name.substring(PROPERTY_PREFIX.length()) : name,
                    p.getProperty(name).trim());
        }
        return out;
    }

    private static LeakWatchOptions build(Map<String, String> values, List<String> problems) {
        LeakWatchOptions d = LeakWatchOptions.defaults();
        Optional<String> report = d.reportPath();
        Optional<ReportFormatType> format = d.format();
        int depth = d.depth();
        Set<ResourceKind> kinds = d.kinds();
        List<String> trim = d.trim();
        boolean summary = d.summary();
        boolean gcAtExit = d.gcAtExit();
        int leakedDetail = d.leakedDetail();
        boolean adaptiveStacks = d.adaptiveStacks();
        List<String> pools = d.pools();
        java.util.OptionalInt exitCode = d.gate().exitCode();
        boolean leakedOnly = d.gate().leakedOnly();
        Optional<String> suppressions = d.gate().suppressions();
        Map<ResourceKind, Long> limits = new java.util.EnumMap<>(ResourceKind.class);
        limits.putAll(d.limits().limits());
        boolean failAtLimit = d.limits().fail();
        int warning = d.limits().warningPercent();
        int critical = d.limits().criticalPercent();
        boolean jmx = d.live().jmx();
        java.util.OptionalLong holdThreshold = d.live().holdThresholdMillis();
        long processInterval = d.live().processIntervalMillis();
        int processWarning = d.live().processWarningPercent();
        int processCritical = d.live().processCriticalPercent();
        Optional<String> transformCache = d.transformCache();
        Set<String> include = d.include();
        Optional<String> tracePath = d.trace().path();
        long traceMaxSize = d.trace().maxSize();
        int traceFiles = d.trace().files();
        Optional<Set<ResourceKind>> traceKinds = d.trace().kinds();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            try {
                switch (key) {
                    case "report":
                        if (value.isEmpty()) {
                            throw new IllegalArgumentException("an empty path; give a file path, e.g. report=leaks-{pid}.json");
                        }
                        report = Optional.of(value);
                        break;
                    case "format":
                        format = Optional.of(ReportFormatType.fromOptionName(value));
                        break;
                    case "depth":
                        depth = intIn(value, 1, 1024);
                        break;
                    case "kinds":
                        kinds = kinds(value);
                        break;
                    case "trim":
                        trim = prefixes(value);
                        break;
                    case "summary":
                        summary = bool(value);
                        break;
                    case "gcAtExit":
                        gcAtExit = bool(value);
                        break;
                    case "leakedDetail":
                        leakedDetail = intIn(value, 0, 1_000_000);
                        break;
                    case "stacks":
                        adaptiveStacks = stacks(value);
                        break;
                    case "pools":
                        pools = prefixes(value);
                        break;
                    case "exitcode":
                        exitCode = java.util.OptionalInt.of(intIn(value, 1, 255));
                        break;
                    case "failon":
                        leakedOnly = failOn(value);
                        break;
                    case "suppressions":
                        if (value.isEmpty()) {
                            throw new IllegalArgumentException("an empty path; give a file of kind:pattern lines");
                        }
                        suppressions = Optional.of(value);
                        break;
                    case "onlimit":
                        failAtLimit = onLimit(value);
                        break;
                    case "occupancy.warning":
                        warning = percent(value);
                        break;
                    case "occupancy.critical":
                        critical = percent(value);
                        break;
                    case "jmx":
                        jmx = bool(value);
                        break;
                    case "holdthreshold":
                        long hold = millis(value);
                        holdThreshold = hold == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(hold);
                        break;
                    case "process.interval":
                        processInterval = millis(value);
                        break;
                    case "process.warning":
                        processWarning = percent(value);
                        break;
                    case "process.critical":
                        processCritical = percent(value);
                        break;
                    case "cache":
                        transformCache = cacheDir(value);
                        break;
                    case "report.include":
                        include = owners(value);
                        break;
                    case "trace":
                        if (value.isEmpty()) {
                            throw new IllegalArgumentException("an empty path; give a file path, e.g. "
                                                               + "trace=leakwatch-{pid}.jsonl");
                        }
                        tracePath = Optional.of(value);
                        break;
                    case "trace.maxSize":
                        long size = bytes(value);
                        if (size < 4096) {
                            throw new IllegalArgumentException("'" + value + "' is below 4k, the smallest size a trace "
                                                               + "file is rotated at; give e.g. trace.maxSize=64m");
                        }
                        traceMaxSize = size;
                        break;
                    case "trace.files":
                        traceFiles = intIn(value, 1, 1000);
                        break;
                    case "trace.kinds":
                        traceKinds = Optional.of(kinds(value));
                        break;
                    default:
                        if (key.startsWith("limit.")) {
                            ResourceKind kind = limitKind(key);
                            limits.put(kind, kind.inBytes() ? bytes(value) : longIn(value, 0, Long.MAX_VALUE));
                            break;
                        }
                        problems.add("unknown option '" + key + "'; valid options: " + String.join(", ", KEYS));
                }
            } catch (IllegalArgumentException bad) {
                problems.add("option " + key + ": " + bad.getMessage());
            }
        }
        if (warning >= critical) {
            problems.add("option occupancy.warning (" + warning + ") must be below occupancy.critical (" + critical
                         + "); using 80 and 95");
            warning = 80;
            critical = 95;
        }
        if (processWarning >= processCritical) {
            problems.add("option process.warning (" + processWarning + ") must be below process.critical ("
                         + processCritical + "); using 80 and 95");
            processWarning = 80;
            processCritical = 95;
        }
        return new LeakWatchOptions(report, format, depth, kinds, trim, summary, gcAtExit, leakedDetail, adaptiveStacks,
                                    pools, new GateOptions(exitCode, leakedOnly, suppressions),
                                    new LimitOptions(limits, failAtLimit, warning, critical),
                                    new LiveOptions(jmx, holdThreshold, processInterval, processWarning,
                                                    processCritical),
                                    transformCache, include,
                                    new TraceOptions(tracePath, traceMaxSize, traceFiles, traceKinds));
    }

    /** {@code report.include=}: owners separated by {@code ;}, or {@code all}, or {@code none}. */
    private static Set<String> owners(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String o : value.split("[;:+ ]")) {
            String owner = o.trim().toLowerCase(Locale.ROOT);
            if (owner.isEmpty() || owner.equals("none")) {
                continue;
            }
            if (owner.equals("all")) {
                out.addAll(LeakWatchOptions.OWNERS);
            } else if (LeakWatchOptions.OWNERS.contains(owner)) {
                out.add(owner);
            } else {
                throw new IllegalArgumentException("'" + owner + "' is not an owner; valid: "
                                                   + String.join(", ", LeakWatchOptions.OWNERS)
                                                   + ", all, none (separate several with ';')");
            }
        }
        return out;
    }

    /** {@code cache=off} (or false, no): none; else an absolute directory path. */
    private static Optional<String> cacheDir(String value) {
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "off":
            case "false":
            case "no":
                return Optional.empty();
            default:
                if (!java.nio.file.Path.of(value).isAbsolute()) {
                    throw new IllegalArgumentException("'" + value + "' is not an absolute directory path; give one, "
                                                       + "e.g. cache=/var/cache/leakwatch, or cache=off");
                }
                return Optional.of(value);
        }
    }

    private static long longIn(String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the valid range
        }
        throw new IllegalArgumentException("'" + value + "' is not a whole number from " + min + " to " + max);
    }

    private static boolean failOn(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "any":
                return false;
            case "leaked":
                return true;
            default:
                throw new IllegalArgumentException("'" + value + "' is not a gate condition; valid: any, leaked");
        }
    }

    private static boolean onLimit(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "warn":
                return false;
            case "fail":
                return true;
            default:
                throw new IllegalArgumentException("'" + value + "' is not a limit action; valid: warn, fail");
        }
    }

    /**
     * The kind a {@code limit.} option names: {@code limit.<kind>} for a counted kind, {@code limit.<kind>.bytes} for
     * one {@linkplain ResourceKind#inBytes() measured in bytes}.
     */
    private static ResourceKind limitKind(String key) {
        String name = key.substring("limit.".length());
        boolean bytes = name.endsWith(".bytes");
        ResourceKind kind = ResourceKind.fromLabel(bytes ? name.substring(0, name.length() - ".bytes".length()) : name);
        if (kind != null && kind.inBytes() && !bytes) {
            throw new IllegalArgumentException("'" + kind.label() + "' is limited in bytes; write "
                                               + LimitOptions.optionOf(kind) + "=N[k|m|g]");
        }
        if (kind == null || kind.inBytes() != bytes) {
            List<String> valid = new ArrayList<>();
            for (ResourceKind k : ResourceKind.values()) {
                valid.add(LimitOptions.optionOf(k));
            }
            throw new IllegalArgumentException("'" + name + "' is not a kind; valid: " + String.join(", ", valid));
        }
        return kind;
    }

    /** A percentage, 1 to 100, with or without a trailing {@code %}. */
    private static int percent(String value) {
        String v = value.endsWith("%") ? value.substring(0, value.length() - 1).trim() : value;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a percentage; valid: 1 to 100, e.g. 80 or 80%");
    }

    /** A size in bytes with an optional binary suffix: {@code 512}, {@code 64k}, {@code 256m}, {@code 2g}. */
    static long bytes(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("b")) {
            v = v.substring(0, v.length() - 1);
        }
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'k':
                    unit = 1L << 10;
                    break;
                case 'm':
                    unit = 1L << 20;
                    break;
                case 'g':
                    unit = 1L << 30;
                    break;
                case 't':
                    unit = 1L << 40;
                    break;
                default:
                    break;
            }
            if (unit != 1) {
                v = v.substring(0, v.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a size; valid: a whole number of bytes with an "
                                           + "optional k, m or g suffix, e.g. 512m");
    }

    /**
     * A duration: a whole number with {@code ms}, {@code s}, {@code m} or {@code h} (plain numbers are seconds);
     * {@code off} or 0 is zero.
     */
    static long millis(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("off") || v.equals("false") || v.equals("0")) {
            return 0;
        }
        long unit = 1000;
        String number = v;
        if (v.endsWith("ms")) {
            unit = 1;
            number = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60_000;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unit = 3_600_000;
            number = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(number.trim());
            if (n >= 0 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration; valid: e.g. 500ms, 30s, 5m, 1h, or off");
    }

    private static int intIn(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the valid range
        }
        throw new IllegalArgumentException("'" + value + "' is not a whole number from " + min + " to " + max);
    }

    private static boolean bool(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "on":
            case "yes":
                return true;
            case "false":
            case "off":
            case "no":
                return false;
            default:
                throw new IllegalArgumentException("'" + value + "' is not a boolean; valid: true, false");
        }
    }

    private static boolean stacks(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "all":
                return false;
            case "adaptive":
                return true;
            default:
                throw new IllegalArgumentException("'" + value + "' is not a stack policy; valid: all, adaptive");
        }
    }

    /** Blank entries are dropped: an empty prefix would trim every frame and hide every leak. */
    private static List<String> prefixes(String value) {
        List<String> out = new ArrayList<>();
        for (String p : value.split("[;:]")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private static Set<ResourceKind> kinds(String value) {
        Set<ResourceKind> out = java.util.EnumSet.noneOf(ResourceKind.class);
        for (String k : value.split("[;:+ ]")) {
            String label = k.trim().toLowerCase(Locale.ROOT);
            if (label.isEmpty()) {
                continue;
            }
            ResourceKind kind = ResourceKind.fromLabel(label);
            if (label.equals("all")) {
                out.addAll(LeakWatchOptions.defaultKinds());
            } else if (kind != null) {
                out.add(kind);
            } else {
                throw new IllegalArgumentException("'" + label + "' is not a kind; valid: all, " + knownKinds()
                                                   + " (separate several with ';')");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no kind given; valid: all, " + knownKinds()
                                               + " (separate several with ';')");
        }
        return out;
    }

    /** Every kind's label, comma separated. */
    private static String knownKinds() {
        return String.join(", ", LeakWatchOptions.labels(java.util.EnumSet.allOf(ResourceKind.class)));
    }
}
