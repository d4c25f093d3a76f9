package io.leakwatch.it.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An application run beside other Java agents (JaCoCo, the Prometheus JMX exporter): it leaves one random-access file
 * open (its only leak), then asks the exporter for its metrics once over a plain socket it closes, so that the
 * exporter serves a request. Everything the agents hold is theirs. Run:
 * {@code java -javaagent:jacocoagent.jar=destfile=... -javaagent:jmx_prometheus_javaagent.jar=127.0.0.1:PORT:config
 * -javaagent:leakwatch-agent.jar -cp target/test-classes io.leakwatch.it.apps.OtherAgentsApp PORT}.
 */
public final class OtherAgentsApp {
    private OtherAgentsApp() {
    }

    public static void main(String[] args) throws Exception {
        Mark.next("app-leak");
        Hold.keep(new RandomAccessFile("app-data.bin", "rw"));
        int port = Integer.parseInt(args[0]);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String metrics = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Mark.val("scraped", metrics.contains("jvm_threads_current") || metrics.contains("jvm_memory"));
        }
        Hold.collect();
        System.out.println("done");
    }
}
