package io.leakwatch.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that keeps running while the test talks to it: the scenario app reads commands on stdin and answers on
 * stdout (the live view's tests, which connect to it over JMX). Closing it sends {@code exit} and waits (killing it
 * after {@link ChildJvm#TIMEOUT_SECONDS}).
 *
 * <p>Not thread-safe: one test thread.
 */
final class JmxChild implements AutoCloseable {
    private final ChildJvm child;

    private JmxChild(ChildJvm child) {
        this.child = child;
    }

    /**
     * Starts {@code main} on {@code jdk} with the agent and {@code agentOptions} ({@code null}: no agent), the extra
     * JVM options, and {@code -Xmx25m}; the class path is the scenario apps'.
     */
    static JmxChild start(Jdk jdk, String name, String agentOptions, List<String> jvmArgs, Class<?> main,
                           String... args) {
        Path dir = AgentRun.newFolder(jdk, name);
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-Xmx25m", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmArgs);
        if (agentOptions != null) {
            command.add("-javaagent:" + AgentRun.agentJar() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(List.of("-cp", AgentRun.testClasses().toString(), main.getName()));
        command.addAll(List.of(args));
        return new JmxChild(ChildJvm.start(command, dir));
    }

    /** A port free on the loopback interface now. */
    static int freePort() {
        return ChildJvm.freePort();
    }

    /** The JVM options of a JMX connector on {@code port}, on the loopback interface only, without authentication. */
    static List<String> jmxRemote(int port) {
        return ChildJvm.jmxRemote(port);
    }

    long pid() {
        return child.pid();
    }

    Path dir() {
        return child.dir();
    }

    /** Waits ({@link ChildJvm#TIMEOUT_SECONDS} at most) for a line starting with {@code prefix} and returns it. */
    String await(String prefix) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ChildJvm.TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = child.poll(100);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && child.drainedAndEnded()) {
                break;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' from the child\n" + describe());
    }

    /** Sends {@code command} and waits for its {@code DONE}. */
    void send(String command) {
        child.write(command);
        await("DONE " + command.split(" ")[0]);
    }

    /** The value of {@code VAL key} printed so far. */
    String value(String key) {
        return printed("VAL " + key + " ");
    }

    /** The frame announced by {@code SITE name}. */
    String site(String name) {
        return printed("SITE " + name + " ");
    }

    private String printed(String prefix) {
        for (String line : child.lines()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new AssertionError("the child printed no " + prefix.trim() + "\n" + describe());
    }

    String stderr() {
        return child.stderr();
    }

    String describe() {
        return child.describe();
    }

    @Override
    public void close() {
        child.exit();
    }
}
