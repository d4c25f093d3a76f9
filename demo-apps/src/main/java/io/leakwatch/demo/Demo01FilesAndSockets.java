package io.leakwatch.demo;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo 1: a small "order importer" with the classic file and socket leaks.
 *
 * <ul>
 *   <li>{@link #countLines} forgets to close its reader on one path: 20 files stay open (reported {@code open}).</li>
 *   <li>{@link #checksum} drops a stream without closing it: it becomes unreachable (reported {@code leaked}).</li>
 *   <li>{@link #ping} connects to a local server and never closes the client socket, and the server keeps the accepted
 *       socket; a datagram socket is left open as well.</li>
 *   <li>Everything else is closed properly, and is not reported.</li>
 * </ul>
 *
 * <p>Run, from the repository root, after {@code mvn -q -DskipTests package}:
 * <pre>java -javaagent:agent/target/leakwatch-agent.jar=report=target/demo01-report.txt \
 *      -cp demo-apps/target/classes io.leakwatch.demo.Demo01FilesAndSockets</pre>
 * then read {@code target/demo01-report.txt} (or use {@code report=...json} for the JSON form). Without
 * {@code report=}, a summary is printed on stderr at exit.
 *
 * <p>Not thread-safe: a single-threaded demo program.
 */
public final class Demo01FilesAndSockets {
    private static final List<Object> CONNECTIONS = new ArrayList<>();
    private static final List<BufferedReader> READERS = new ArrayList<>();

    private Demo01FilesAndSockets() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("leakwatch-demo");
        // deleted in reverse order of registration: the files, then their folder
        dir.toFile().deleteOnExit();
        List<Path> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path p = dir.resolve("orders-" + i + ".csv");
            Files.writeString(p, "id,amount\n1,10\n2,-3\n", StandardCharsets.UTF_8);
            p.toFile().deleteOnExit();
            orders.add(p);
        }
        long lines = 0;
        for (Path p : orders) {
            lines += countLines(p.toFile());
        }
        long sum = 0;
        for (Path p : orders.subList(0, 3)) {
            sum += checksum(p);
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ping(server);
        }
        System.gc();
        Thread.sleep(200);
        System.out.println("imported " + orders.size() + " files, " + lines + " lines, checksum " + sum);
    }

    /** Leaks: returns early without closing the reader when the file has a negative amount. */
    static long countLines(File file) throws IOException {
        BufferedReader reader = new BufferedReader(new FileReader(file, StandardCharsets.UTF_8));
        long n = 0;
        for (String line; (line = reader.readLine()) != null; n++) {
            if (line.contains(",-")) {
                READERS.add(reader); // kept "for later", never closed
                return n;
            }
        }
        reader.close();
        return n;
    }

    /** Leaks: the stream is never closed and is garbage once this method returns. */
    static long checksum(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        long sum = 0;
        for (int b; (b = in.read()) != -1; ) {
            sum += b;
        }
        return sum;
    }

    /** Leaks the client socket, the accepted socket and a datagram socket; closes the server. */
    static void ping(ServerSocket server) throws IOException {
        Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
        Socket accepted = server.accept();
        OutputStream out = client.getOutputStream();
        out.write("PING\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        accepted.getInputStream().read(new byte[5]);
        CONNECTIONS.add(client);
        CONNECTIONS.add(accepted);
        CONNECTIONS.add(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
        try (Socket closed = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            closed.getOutputStream().write(1);
            peer.getInputStream().read();
        }
    }
}
