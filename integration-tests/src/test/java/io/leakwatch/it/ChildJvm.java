package io.leakwatch.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process that keeps running while a test talks to it over its stdin and stdout: what {@link JmxChild} and
 * {@link LiveChild} share. Its stderr goes to {@code child.stderr} in its run folder; the JVM option variables of the
 * test's own environment are not passed on. Unlike {@link AgentRun}, which waits for the child to end.
 *
 * <p>Not thread-safe (one test thread), except that stdout is collected by a reader thread.
 */
final class ChildJvm {
    /** How long a test waits for the child's answer, and for it to exit. */
    static final long TIMEOUT_SECONDS = 30;

    private final Process process;
    private final Path dir;
    private final List<String> command;
    private final Writer stdin;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process, Path dir, List<String> command) {
        this.process = process;
        this.dir = dir;
        this.command = command;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                             StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    all.add(line);
                    unread.add(line);
                }
            } catch (IOException ended) {
                // the child is gone; a wait for its next line times out and says so
            }
        }, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in {@code dir}. */
    static ChildJvm start(List<String> command, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
            .redirectError(dir.resolve("child.stderr").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        try {
            return new ChildJvm(pb.start(), dir, List.copyOf(command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** A port free on the loopback interface now. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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

    boolean isAlive() {
        return process.isAlive();
    }

    /** Writes one line to the child's stdin. */
    void write(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the child is gone\n" + describe(), e);
        }
    }

    /** The next line not read yet, or {@code null} after {@code timeoutMillis}. */
    String poll(long timeoutMillis) {
        try {
            return unread.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether every line the child printed has been read, and it has ended. */
    boolean drainedAndEnded() {
        return !process.isAlive() && unread.isEmpty();
    }

    /** Every line the child printed so far. */
    List<String> lines() {
        return all;
    }

    String stderr() {
        try {
            return Files.readString(dir.resolve("child.stderr"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    /** The command, the child's state, its stdout and its stderr, for failure messages. */
    String describe() {
        return "command: " + String.join(" ", command) + "\nchild " + process.pid() + " in " + dir
               + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
               + "\nstdout:\n" + String.join("\n", all) + "\nstderr:\n" + stderr();
    }

    /**
     * Sends {@code exit} and waits for the child to end, killing it after {@link #TIMEOUT_SECONDS}; returns whether
     * it ended by itself.
     */
    boolean exit() {
        try {
            if (process.isAlive()) {
                stdin.write("exit\n");
                stdin.flush();
            }
        } catch (IOException gone) {
            // already exited
        }
        try {
            if (process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return true;
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
