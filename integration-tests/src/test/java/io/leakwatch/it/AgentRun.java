package io.leakwatch.it;

import io.leakwatch.it.apps.Mark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs one scenario app in a child JVM, by default with {@code -javaagent:leakwatch-agent.jar=report=<dir>/report.json},
 * {@code -Xmx25m -XX:TieredStopAtLevel=1 -Xshare:auto}, the class path {@code target/test-classes} and the run's own
 * empty folder under {@code target/it-work} as working directory. Times the child out after 60 s.
 *
 * <p>Agent options may use {@code {dir}} for the run's folder, e.g. {@code format=text,report={dir}/leaks.txt}.
 */
public final class AgentRun {
    static final long TIMEOUT_SECONDS = 60;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Jdk jdk;
    private final String name;
    private final String main;
    private final List<String> args;
    private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx25m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    private final List<String> jvmArgsAfterAgent = new ArrayList<>();
    private final List<Path> classPathBefore = new ArrayList<>();
    private final List<Path> classPathAfter = new ArrayList<>();
    private boolean agent = true;
    private String agentOptions = "report={dir}/report.json";
    private final java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    private String reportFile = "report.json";
    /** The child's file size limit ({@code ulimit -f}, KiB), or 0: none. */
    private int fileSizeLimitKiB;

    private AgentRun(Jdk jdk, String name, String main, List<String> args) {
        this.jdk = jdk;
        this.name = name;
        this.main = main;
        this.args = args;
    }

    /**
     * Runs the child under a file size limit of {@code kib} KiB ({@code ulimit -f}): every file it writes stops growing
     * there, as on a full disk (the JVM ignores {@code SIGXFSZ}, so a write past it fails with an error).
     */
    public AgentRun fileSizeLimitKiB(int kib) {
        this.fileSizeLimitKiB = kib;
        return this;
    }

    /** A run of {@code main} with {@code args} on {@code jdk}; {@code name} names its folder. */
    public static AgentRun of(Jdk jdk, String name, Class<?> main, String... args) {
        return new AgentRun(jdk, name, main.getName(), List.of(args));
    }

    /** A run of the class named {@code mainClass} (one the tests cannot see, e.g. a launcher on a jar they add). */
    public static AgentRun ofMain(Jdk jdk, String name, String mainClass, String... args) {
        return new AgentRun(jdk, name, mainClass, List.of(args));
    }

    /** The text after {@code =} in {@code -javaagent:} ({@code null}: none), {@code {dir}} standing for the run folder. */
    public AgentRun agentOptions(String options) {
        this.agentOptions = options;
        return this;
    }

    /** Which file (relative to the run folder) {@link Result#report()} reads; default {@code report.json}. */
    public AgentRun reportFile(String relative) {
        this.reportFile = relative;
        return this;
    }

    public AgentRun withoutAgent() {
        this.agent = false;
        return this;
    }

    /** Adds a JVM option ({@code {dir}} stands for the run folder). */
    public AgentRun jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /** Adds a JVM option after leakwatch's {@code -javaagent:} (another agent started after it). */
    public AgentRun jvmArgAfterAgent(String arg) {
        jvmArgsAfterAgent.add(arg);
        return this;
    }

    public AgentRun classPathFirst(Path entry) {
        classPathBefore.add(entry);
        return this;
    }

    /** Puts the application's own Byte Buddy (an older version than the agent's) on the child's class path. */
    public AgentRun withOwnByteBuddy() {
        classPathAfter.add(codeSource(net.bytebuddy.ByteBuddy.class));
        return this;
    }

    /** Puts H2, HikariCP (with SLF4J's API), DBCP2 (with Commons Pool and Logging) and PostgreSQL's driver on the child class path. */
    public AgentRun withJdbc() {
        classPathAfter.add(codeSource(org.h2.Driver.class));
        classPathAfter.add(codeSource(com.zaxxer.hikari.HikariDataSource.class));
        classPathAfter.add(codeSource(org.slf4j.LoggerFactory.class));
        classPathAfter.add(codeSource(org.apache.commons.dbcp2.BasicDataSource.class));
        classPathAfter.add(codeSource(org.apache.commons.pool2.ObjectPool.class));
        classPathAfter.add(codeSource(org.apache.commons.logging.LogFactory.class));
        classPathAfter.add(codeSource(org.postgresql.Driver.class));
        return this;
    }

    /** Puts JCuda's classes and its real native libraries (for linux-x86_64) on the child class path. */
    public AgentRun withJCuda() {
        classPathAfter.add(codeSource(jcuda.Pointer.class));
        classPathAfter.add(natives("jcuda-natives"));
        return this;
    }

    /** The jar on the test class path whose file name starts with {@code prefix} (a jar without classes to name). */
    private static Path natives(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName() != null && p.getFileName().toString().startsWith(prefix)) {
                return p;
            }
        }
        throw new IllegalStateException(prefix + " is not on the test class path");
    }

    /** Sets an environment variable of the child ({@code LD_LIBRARY_PATH} for a stand-in native library). */
    public AgentRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Puts Jimfs and the Guava jars it needs on the child class path. */
    public AgentRun withJimfs() {
        classPathAfter.add(codeSource(com.google.common.jimfs.Jimfs.class));
        classPathAfter.add(codeSource(com.google.common.collect.ImmutableList.class));
        classPathAfter.add(codeSource(com.google.common.util.concurrent.internal.InternalFutureFailureAccess.class));
        return this;
    }

    private static Path agentCopy;

    /** The built agent jar, as configured by the system property {@code leakwatch.agent.jar}. */
    public static Path builtAgentJar() {
        String configured = System.getProperty("leakwatch.agent.jar", "../agent/target/leakwatch-agent.jar");
        Path jar = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not found at " + jar + " (system property leakwatch.agent.jar);"
                                            + " build it first: mvn -DskipTests package -pl agent -am");
        }
        return jar;
    }

    /**
     * A private copy of the built agent jar, taken once per test run, so that a rebuild of the agent module while the
     * suite runs cannot hand a child JVM a half-written jar. The copy must open as a jar with a Premain-Class.
     */
    public static synchronized Path agentJar() {
        if (agentCopy != null) {
            return agentCopy;
        }
        Path built = builtAgentJar();
        Path copy = workRoot().resolve("agent-under-test").resolve("leakwatch-agent.jar");
        Exception last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            try {
                Files.createDirectories(copy.getParent());
                Files.copy(built, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(copy.toFile())) {
                    if (jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Premain-Class") != null) {
                        agentCopy = copy;
                        return copy;
                    }
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("cannot take a usable copy of " + built, last);
    }

    public static Path testClasses() {
        String configured = System.getProperty("leakwatch.it.classes");
        return configured != null ? Path.of(configured).toAbsolutePath() : codeSource(Mark.class);
    }

    static Path workRoot() {
        return Path.of(System.getProperty("leakwatch.it.work", "target/it-work")).toAbsolutePath();
    }

    static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh, empty folder for a run or for files a test prepares. */
    public static Path newFolder(Jdk jdk, String name) {
        jdk.java(); // skips the test, with the reason, when this JDK is missing
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = workRoot().resolve(safe + "-jdk" + jdk.feature() + "-" + SEQUENCE.incrementAndGet());
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Starts the child, waits for it (60 s at most) and returns what it did. */
    public Result run() {
        Path java = jdk.java();
        Path dir = newFolder(jdk, name);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        for (String a : jvmArgs) {
            command.add(a.replace("{dir}", dir.toString()));
        }
        if (agent) {
            String options = agentOptions == null ? "" : "=" + agentOptions.replace("{dir}", dir.toString());
            command.add("-javaagent:" + agentJar() + options);
        }
        for (String a : jvmArgsAfterAgent) {
            command.add(a.replace("{dir}", dir.toString()));
        }
        List<String> cp = new ArrayList<>();
        classPathBefore.forEach(p -> cp.add(p.toString()));
        cp.add(testClasses().toString());
        classPathAfter.forEach(p -> cp.add(p.toString()));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, cp));
        command.add(main);
        command.addAll(args);

        if (fileSizeLimitKiB > 0) {
            command.addAll(0, List.of("bash", "-c", "ulimit -f " + fileSizeLimitKiB + " && exec \"$@\"", "bash"));
        }
        Path out = dir.resolve("child.stdout");
        Path err = dir.resolve("child.stderr");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        boolean finished;
        try {
            finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (!finished) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Result result = new Result(jdk, command, dir, read(out), read(err), finished ? process.exitValue() : -1,
                                   process.pid(), millis, dir.resolve(reportFile));
        if (!finished) {
            throw new AssertionError("child JVM did not finish within " + TIMEOUT_SECONDS + " s (killed)\n"
                                     + result.describe());
        }
        return result;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + file + ": " + e + ">";
        }
    }
}
