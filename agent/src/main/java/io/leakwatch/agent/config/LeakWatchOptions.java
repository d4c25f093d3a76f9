package io.leakwatch.agent.config;

import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.report.ReportFormatType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the agent was told to do. Built once at start-up by {@link OptionsParser}; never changes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param reportPath   where to write the report at exit ({@code {pid}} and {@code {timestamp}} expanded), or empty
 * @param format       the report format; empty means: from the report path's extension
 * @param depth        stack frames kept per acquisition site, after trimming
 * @param kinds        the kinds tracked
 * @param trim         extra class-name prefixes trimmed from the top of stacks (wrappers around the acquiring API)
 * @param summary      print a short summary on stderr at exit when something is open or leaked and no report path is set
 * @param gcAtExit     run one garbage collection before the exit report, so unreachable resources show as leaked
 * @param leakedDetail how many leaked resources are kept one by one (their counts per site are always exact)
 * @param adaptiveStacks {@code stacks=adaptive} (the default): record every stack up to a rate per thread, then one
 *                     in 64; {@code stacks=all}: every stack, at the cost of one stack capture per acquisition
 * @param pools        class-name prefixes of connection pools besides the known ones (HikariCP, DBCP, c3p0, ...)
 * @param gate         the CI gate at exit ({@code exitcode=}, {@code failon=}, {@code suppressions=})
 * @param limits       the limits on open resources ({@code limit.<kind>=}, {@code limit.<kind>.bytes=},
 *                     {@code onlimit=}, {@code occupancy.warning=}, {@code occupancy.critical=})
 * @param live         the live view: JMX MBeans, suspected leaks held too long, process sampling
 * @param transformCache the directory where the instrumented JDK classes are kept for the next JVM ({@code cache=}),
 *                     or empty ({@code cache=off})
 * @param include      whose resources held apart from the application's are listed in reports
 *                     ({@code report.include=}: {@code jvm}, {@code runner}, {@code agents}); they are counted always
 * @param trace        the audit trail ({@code trace=}, {@code trace.maxSize=}, {@code trace.files=},
 *                     {@code trace.kinds=})
 */
public record LeakWatchOptions(Optional<String> reportPath, Optional<ReportFormatType> format, int depth,
                               Set<ResourceKind> kinds, List<String> trim, boolean summary, boolean gcAtExit,
                               int leakedDetail, boolean adaptiveStacks, List<String> pools, GateOptions gate,
                               LimitOptions limits, LiveOptions live, Optional<String> transformCache,
                               Set<String> include, TraceOptions trace) {

    /** The kinds tracked when {@code kinds=} is not given: those not {@link ResourceKind.Traits#OPT_IN opt-in}. */
    public static Set<ResourceKind> defaultKinds() {
        Set<ResourceKind> out = EnumSet.noneOf(ResourceKind.class);
        for (ResourceKind k : ResourceKind.values()) {
            if (!k.has(ResourceKind.Traits.OPT_IN)) {
                out.add(k);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** The labels of {@code kinds}, in declaration order. */
    public static List<String> labels(Set<ResourceKind> kinds) {
        List<String> out = new java.util.ArrayList<>(kinds.size());
        for (ResourceKind k : kinds) {
            out.add(k.label());
        }
        return out;
    }

    public LeakWatchOptions {
        // in declaration order, the order of reports and of the families' plans
        kinds = Collections.unmodifiableSet(kinds.isEmpty() ? EnumSet.noneOf(ResourceKind.class) : EnumSet.copyOf(kinds));
        trim = List.copyOf(trim);
        pools = List.copyOf(pools);
        include = Set.copyOf(include);
    }

    /** The owners {@code report.include=} accepts, besides {@code all} and {@code none}. */
    public static final List<String> OWNERS = List.of("jvm", "runner", "agents");

    /** The options in force when none are given. */
    public static LeakWatchOptions defaults() {
        return new LeakWatchOptions(Optional.empty(), Optional.empty(), 16, defaultKinds(), List.of(), true, true, 1000,
                                    true, List.of(), GateOptions.NONE, LimitOptions.NONE, LiveOptions.DEFAULTS,
                                    Optional.of(defaultCacheDir()), Set.of(), TraceOptions.NONE);
    }

    /**
     * The cache directory when {@code cache=} is not given: {@code $XDG_CACHE_HOME/leakwatch} when that variable holds
     * an absolute path (the XDG convention), else {@code ~/.cache/leakwatch}.
     */
    public static String defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && java.nio.file.Path.of(xdg).isAbsolute()) {
            return xdg + "/leakwatch";
        }
        return System.getProperty("user.home") + "/.cache/leakwatch";
    }

    /** The format the report at {@code path} is written in. */
    public ReportFormatType formatFor(String path) {
        return format.orElseGet(() -> ReportFormatType.forPath(path));
    }
}
