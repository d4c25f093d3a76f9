package io.leakwatch.it;

import io.leakwatch.it.apps.ProcessHold;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child JVM that keeps running while the test talks to it: {@link ProcessHold} under the agent, with its soft
 * descriptor limit set by {@code ulimit -n} (started as {@code bash -c 'ulimit -n N; exec java ...'}, so the child
 * keeps bash's pid), and remote JMX on 127.0.0.1 without authentication or TLS. JVM options as in {@link AgentRun}
 * ({@code -Xmx25m}, ...). {@link #close()} ends it.
 *
 * <p>Not thread-safe: one test thread.
 */
final class LiveChild implements AutoCloseable {
    static final long TIMEOUT_SECONDS = ChildJvm.TIMEOUT_SECONDS;

    private final ChildJvm child;
    private final int jmxPort;
    private final long pid;
    private JMXConnector connector;

    private LiveChild(ChildJvm child, int jmxPort) {
        this.child = child;
        this.jmxPort = jmxPort;
        String ready = take();
        if (!ready.startsWith("READY ")) {
            throw new AssertionError("expected READY, got " + ready + "\n" + describe());
        }
        this.pid = Long.parseLong(ready.substring("READY ".length()));
    }

    /**
     * Starts {@link ProcessHold} with {@code fdLimit} as its soft descriptor limit, {@code jvmArgs} before the agent
     * (e.g. another {@code -javaagent:}), and the agent with {@code agentOptions} ({@code {dir}} for the run folder).
     */
    static LiveChild start(Jdk jdk, String name, int fdLimit, List<String> jvmArgs, String agentOptions) {
        Path dir = AgentRun.newFolder(jdk, name);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$0\" \"$@\"",
                                                       jdk.java().toString(), "-Xmx25m", "-XX:TieredStopAtLevel=1",
                                                       "-Xshare:auto"));
        command.addAll(ChildJvm.jmxRemote(port));
        for (String a : jvmArgs) {
            command.add(a.replace("{dir}", dir.toString()));
        }
        command.add("-javaagent:" + AgentRun.agentJar() + "=" + agentOptions.replace("{dir}", dir.toString()));
        command.addAll(List.of("-cp", AgentRun.testClasses().toString(), ProcessHold.class.getName(), dir.toString()));
        ChildJvm child = ChildJvm.start(command, dir);
        try {
            return new LiveChild(child, port);
        } catch (RuntimeException | Error e) {
            child.exit();
            throw e;
        }
    }

    static int freePort() {
        return ChildJvm.freePort();
    }

    /** The child's pid (bash exec'd into java, so the same process). */
    long pid() {
        return pid;
    }

    Path dir() {
        return child.dir();
    }

    /** Sends one command and returns the child's answer, {@code OK <files> <sockets>}. */
    String send(String line) {
        child.write(line);
        String answer = take();
        if (!answer.startsWith("OK ")) {
            throw new AssertionError("'" + line + "' answered " + answer + "\n" + describe());
        }
        return answer;
    }

    private String take() {
        String line = child.poll(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        if (line == null) {
            throw new AssertionError("no answer from the child within " + TIMEOUT_SECONDS + " s\n" + describe());
        }
        return line;
    }

    /** A connection to the child's platform MBeanServer, made once (retried while its connector starts). */
    MBeanServerConnection jmx() throws IOException, InterruptedException {
        if (connector == null) {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (true) {
                try {
                    connector = JMXConnectorFactory.connect(url);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("cannot connect to " + url + ": " + e + "\n" + describe(), e);
                    }
                    Thread.sleep(100);
                }
            }
        }
        return connector.getMBeanServerConnection();
    }

    /** Open descriptors of the child as its {@code /proc/<pid>/fd} lists them now. */
    long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    /** The soft limit on open files in {@code /proc/<pid>/limits}. */
    long softDescriptorLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no 'Max open files' in /proc/" + pid + "/limits");
    }

    String stderr() {
        return child.stderr();
    }

    /** The command, the child's output and its stderr, for failure messages. */
    String describe() {
        return child.describe();
    }

    /** Closes the JMX connection, tells the child to exit and waits for it (killing it after the timeout). */
    @Override
    public void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // the child may already be gone
            }
        }
        if (!child.exit()) {
            throw new AssertionError("the child did not exit within " + TIMEOUT_SECONDS + " s (killed)\n" + describe());
        }
    }
}
