package io.leakwatch.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs every {@link Workload} in fresh JVMs, alternately without and with the agent (so both see the same machine
 * noise), and prints a table of medians and ratios.
 *
 * <p>Usage, from the repository root after {@code mvn -q -DskipTests package}:
 * <pre>java -cp benchmarks/target/classes io.leakwatch.bench.BenchmarkRunner [rounds] [millis-per-run] [java-home]</pre>
 * {@code -Donly=fis,nio} runs only those workloads; {@code -Donly=live} times the live view's MBeans with 100,000
 * resources open (with the agent only: there is nothing to compare it with). Every JVM runs with a fixed 256 MB heap
 * and the parallel collector (the least noisy here); {@code -Dgc=g1} runs them with G1, the JDK's default collector.
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class BenchmarkRunner {
    /** The collector option of every JVM the benchmark starts, set from {@code -Dgc} in {@link #main}. */
    private static String gcOption = "-XX:+UseParallelGC";
    private BenchmarkRunner() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 3000;
        String javaHome = args.length > 2 ? args[2] : System.getProperty("java.home");
        File agent = new File("agent/target/leakwatch-agent.jar");
        if (!agent.isFile()) {
            System.err.println("benchmark: " + agent + " not found; run mvn -q -DskipTests package at the repository root first");
            System.exit(2);
        }
        String java = javaHome + File.separator + "bin" + File.separator + "java";
        File classes = new File(BenchmarkRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // the workloads' libraries (HikariCP, H2), copied next to the classes by the package phase
        StringBuilder cp = new StringBuilder(classes.getPath());
        File[] libs = new File(classes.getParentFile(), "lib").listFiles((dir, n) -> n.endsWith(".jar"));
        for (File lib : libs == null ? new File[0] : libs) {
            cp.append(File.pathSeparator).append(lib.getPath());
        }
        String gc = System.getProperty("gc", "parallel");
        switch (gc) {
            case "parallel" -> gcOption = "-XX:+UseParallelGC";
            case "g1" -> gcOption = "-XX:+UseG1GC";
            default -> {
                System.err.println("benchmark: -Dgc=" + gc + " is not a collector it knows; valid: parallel, g1");
                System.exit(2);
            }
        }
        String only = System.getProperty("only", "");
        System.out.println("leakwatch overhead, " + rounds + " rounds of " + millis + " ms per workload and mode, JDK "
                           + version(java) + ", " + gcOption + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.printf(Locale.ROOT, "%-48s %17s %17s %8s%n", "workload", "without agent", "with agent", "ratio");
        Rows rows = new Rows(only, rounds, millis, java, cp.toString(), agent);
        // the default, stacks=adaptive
        rows.time("FileInputStream open+read 4 KiB+close", "fis", ",stacks=adaptive");
        rows.time("Files.newInputStream open+read+close", "nio", ",stacks=adaptive");
        rows.time("FileInputStream loop on 2 threads", "fis-2t", ",stacks=adaptive");
        rows.time("HikariCP (H2) borrow + return a connection", "hikari", ",stacks=adaptive");
        rows.time("HikariCP borrow, connection held, return", "hikari-held", ",stacks=adaptive");
        rows.time("HikariCP borrow + SELECT 1 + return", "hikari-query", ",stacks=adaptive");
        // a pool running one task: not in the default table, thread start-up noise dominates it on this VM
        rows.time("fixed pool: 1 task, shutdown, awaitTermination", "pool-task", ",stacks=adaptive");
        rows.time("newFixedThreadPool(4) + shutdown()", "pool", ",stacks=adaptive");
        // every stack recorded
        rows.time("FileInputStream, stacks=all", "fis", ",stacks=all");
        rows.time("Files.newInputStream, stacks=all", "nio", ",stacks=all");
        rows.time("FileInputStream on 2 threads, stacks=all", "fis-2t", ",stacks=all");
        rows.time("HikariCP borrow + return, stacks=all", "hikari", ",stacks=all");
        rows.time("newFixedThreadPool(4) + shutdown(), stacks=all", "pool", ",stacks=all");
        rows.live(100_000);
        rows.heap("heap per open FileInputStream, depth 10", 10);
        rows.heap("heap per open FileInputStream, depth 200", 200);
    }

    /** The rows of one run; {@code only} (system property {@code only}, workload names, comma-separated) selects rows. */
    private record Rows(String only, int rounds, long millis, String java, String cp, File agent) {
        boolean selected(String workload) {
            return only.isEmpty() || List.of(only.split(",")).contains(workload);
        }

        void time(String title, String workload, String options) throws Exception {
            if (selected(workload) && (!only.isEmpty() || !workload.equals("pool-task"))) {
                row(title, workload, rounds, millis, java, cp, agent, options);
            }
        }

        /** The live view with {@code n} resources open (on request only: {@code -Donly=live}); with the agent only. */
        void live(int n) throws Exception {
            if (only.isEmpty() || !selected("live")) {
                return;
            }
            List<String> cmd = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", gcOption,
                                                       "-javaagent:" + agent.getAbsolutePath() + "=summary=false",
                                                       "-cp", cp, Workload.class.getName(), "live", "0",
                                                       Integer.toString(n)));
            for (int r = 0; r < rounds; r++) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("workload live failed: " + cmd + "\n" + out);
                }
                System.out.println("live view, round " + (r + 1) + ":");
                for (String line : out.split("\n")) {
                    if (line.startsWith("LIVE ")) {
                        System.out.println("  " + line.substring(5));
                    }
                }
            }
        }

        void heap(String title, int depth) throws Exception {
            if (selected("heap")) {
                heapRow(title, rounds, java, cp, agent, depth);
            }
        }
    }

    private static void row(String title, String workload, int rounds, long millis, String java, String cp,
                            File agent, String options) throws Exception {
        double[] without = new double[rounds];
        double[] with = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            without[r] = run(java, cp, null, "", workload, millis, "0");
            with[r] = run(java, cp, agent, options, workload, millis, "0");
        }
        double a = median(without);
        double b = median(with);
        System.out.printf(Locale.ROOT, "%-48s %11.0f ns/op %11.0f ns/op %7.2fx%n", title, a, b, b / a);
    }

    private static void heapRow(String title, int rounds, String java, String cp, File agent, int depth) throws Exception {
        int n = Math.max(1, rounds / 2);
        double[] without = new double[n];
        double[] with = new double[n];
        for (int r = 0; r < n; r++) {
            without[r] = run(java, cp, null, "", "heap", 0, Integer.toString(depth));
            with[r] = run(java, cp, agent, "", "heap", 0, Integer.toString(depth));
        }
        double a = median(without);
        double b = median(with);
        System.out.printf(Locale.ROOT, "%-48s %11.0f B     %11.0f B     %+6.0f B agent%n", title, a, b, b - a);
    }

    private static double run(String java, String cp, File agent, String options, String workload, long millis,
                              String depth) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", gcOption));
        if (agent != null) {
            cmd.add("-javaagent:" + agent.getAbsolutePath() + "=summary=false" + options);
        }
        cmd.addAll(List.of("-cp", cp, Workload.class.getName(), workload, Long.toString(millis), depth));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7).trim();
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("workload " + workload + " failed: " + cmd + "\n" + all);
        }
        return Double.parseDouble(result);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String version(String java) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
        String v = "?";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.trim().startsWith("java.runtime.version =")) {
                    v = line.substring(line.indexOf('=') + 1).trim();
                }
            }
        }
        p.waitFor();
        return v;
    }
}
