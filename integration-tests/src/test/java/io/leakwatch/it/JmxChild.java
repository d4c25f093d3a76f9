package io.leakwatch.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that keeps running while the test talks to it: the scenario app reads commands on stdin and answers on
 * stdout (the live view's tests, which connect to it over JMX). Unlike {@link AgentRun}, which waits for the child to
 * end. Closing it sends {@code exit} and waits (killing it after 20 s).
 *
 * <p>Not thread-safe, except that stdout is collected by a reader thread.
 */
final class JmxChild implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();

    private JmxChild(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                            StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} on {@code jdk} with the agent and {@code agentOptions} ({@code null}: no agent), the extra
     * JVM options, and {@code -Xmx25m}; the class path is the scenario apps'.
     */
    static JmxChild start(Jdk jdk, String name, String agentOptions, List<String> jvmArgs, Class<?> main,
                           String... args) {
        Path java = jdk.java();
        Path dir = AgentRun.newFolder(jdk, name);
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx25m", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmArgs);
        if (agentOptions != null) {
            command.add("-javaagent:" + AgentRun.agentJar() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(List.of("-cp", AgentRun.testClasses().toString(), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
            .redirectError(dir.resolve("child.stderr").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        try {
            return new JmxChild(pb.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** A port free on the loopback interface now. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM options of a JMX connector on {@code port}, on the loopback interface only, without authentication. */
    static List<String> jmxRemote(int port) {
        return List.of("-Dcom.sun.management.jmxremote.port=" + port,
                       "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                       "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                       "-Djava.rmi.server.hostname=127.0.0.1",
                       "-Dcom.sun.management.jmxremote.authenticate=false",
                       "-Dcom.sun.management.jmxremote.ssl=false");
    }

    long pid() {
        return process.pid();
    }

    Path dir() {
        return dir;
    }

    /** Waits (30 s at most) for a line starting with {@code prefix} and returns it. */
    String await(String prefix) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no line starting with '" + prefix + "' from the child\n" + describe());
    }

    /** Sends {@code command} and waits for its {@code DONE}. */
    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the child is gone\n" + describe(), e);
        }
        await("DONE " + command.split(" ")[0]);
    }

    /** The value of {@code VAL key} printed so far. */
    String value(String key) {
        for (String line : all) {
            if (line.startsWith("VAL " + key + " ")) {
                return line.substring(("VAL " + key + " ").length()).trim();
            }
        }
        throw new AssertionError("the child printed no VAL " + key + "\n" + describe());
    }

    /** The frame announced by {@code SITE name}. */
    String site(String name) {
        for (String line : all) {
            if (line.startsWith("SITE " + name + " ")) {
                return line.substring(("SITE " + name + " ").length()).trim();
            }
        }
        throw new AssertionError("the child announced no SITE " + name + "\n" + describe());
    }

    String stderr() {
        try {
            return Files.readString(dir.resolve("child.stderr"));
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    String describe() {
        return "child " + process.pid() + " in " + dir + (process.isAlive() ? " (running)" : " (exit "
               + process.exitValue() + ")") + "\nstdout:\n" + String.join("\n", all) + "\nstderr:\n" + stderr();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                stdin.write("exit\n");
                stdin.flush();
            }
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

}
