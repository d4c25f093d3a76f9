package io.leakwatch.it;

import io.leakwatch.it.apps.ProcessHold;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child JVM that keeps running while the test talks to it: {@link ProcessHold} under the agent, with its soft
 * descriptor limit set by {@code ulimit -n} (started as {@code bash -c 'ulimit -n N; exec java ...'}, so the child
 * keeps bash's pid), and remote JMX on 127.0.0.1 without authentication or TLS. JVM options as in {@link AgentRun}
 * ({@code -Xmx25m}, ...). The child's stderr goes to a file in its run folder; {@link #close()} ends it.
 *
 * <p>Not thread-safe: one test thread.
 */
final class LiveChild implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 30;

    private final Path dir;
    private final Process process;
    private final int jmxPort;
    private final List<String> command;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final long pid;
    private JMXConnector connector;

    private LiveChild(Path dir, Process process, int jmxPort, List<String> command) throws InterruptedException {
        this.dir = dir;
        this.process = process;
        this.jmxPort = jmxPort;
        this.command = command;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                             StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    stdout.add(line);
                }
            } catch (IOException ended) {
                // the child is gone; take() times out and says so
            }
        }, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
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
    static LiveChild start(Jdk jdk, String name, int fdLimit, List<String> jvmArgs, String agentOptions)
        throws IOException, InterruptedException {
        Path java = jdk.java();
        Path dir = AgentRun.newFolder(jdk, name);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$0\" \"$@\"",
                                                       java.toString(), "-Xmx25m", "-XX:TieredStopAtLevel=1",
                                                       "-Xshare:auto",
                                                       "-Dcom.sun.management.jmxremote.port=" + port,
                                                       "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                                                       "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                                                       "-Djava.rmi.server.hostname=127.0.0.1",
                                                       "-Dcom.sun.management.jmxremote.authenticate=false",
                                                       "-Dcom.sun.management.jmxremote.ssl=false"));
        for (String a : jvmArgs) {
            command.add(a.replace("{dir}", dir.toString()));
        }
        command.add("-javaagent:" + AgentRun.agentJar() + "=" + agentOptions.replace("{dir}", dir.toString()));
        command.addAll(List.of("-cp", AgentRun.testClasses().toString(), ProcessHold.class.getName(), dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
            .redirectError(dir.resolve("child.stderr").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        Process process = pb.start();
        try {
            return new LiveChild(dir, process, port, command);
        } catch (RuntimeException | Error | InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The child's pid (bash exec'd into java, so the same process). */
    long pid() {
        return pid;
    }

    Path dir() {
        return dir;
    }

    /** Sends one command and returns the child's answer, {@code OK <files> <sockets>}. */
    String send(String line) throws IOException, InterruptedException {
        stdin.write(line + "\n");
        stdin.flush();
        String answer = take();
        if (!answer.startsWith("OK ")) {
            throw new AssertionError("'" + line + "' answered " + answer + "\n" + describe());
        }
        return answer;
    }

    private String take() throws InterruptedException {
        String line = stdout.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
        try {
            return Files.readString(dir.resolve("child.stderr"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command and the child's stderr, for failure messages. */
    String describe() {
        String err;
        try {
            err = Files.readString(dir.resolve("child.stderr"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err = "<" + e + ">";
        }
        return "command: " + String.join(" ", command) + "\nalive: " + process.isAlive() + "\nstderr:\n" + err;
    }

    /** Closes the JMX connection, tells the child to exit and waits for it (killing it after the timeout). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // the child may already be gone
            }
        }
        try {
            stdin.write("exit\n");
            stdin.flush();
        } catch (IOException gone) {
            // already exited
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the child did not exit within " + TIMEOUT_SECONDS + " s (killed)\n" + describe());
        }
    }
}
