package io.leakwatch.it;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.leakwatch.it.apps.HttpApis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code HttpURLConnection} and the JDK's HTTP keep-alive cache ({@link HttpApis}), against an HTTP/1.1 server in
 * this test's JVM (so that the child's only sockets are the client's): a socket parked idle in the cache is the
 * JVM's, one whose response is left unclosed is the application's, where that response was opened.
 */
class HttpKeepAliveTest {
    private static final String STORE_PASSWORD = "changeit-test-only";
    private static HttpServer server;
    private static HttpsServer tlsServer;
    private static Path keyStore;
    private static ExecutorService pool;

    @BeforeAll
    static void startServers() throws Exception {
        pool = Executors.newFixedThreadPool(2);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", HttpKeepAliveTest::respond);
        server.setExecutor(pool);
        server.start();
        keyStore = selfSignedKeyStore();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        tlsServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        tlsServer.setHttpsConfigurator(new HttpsConfigurator(tls));
        tlsServer.createContext("/", HttpKeepAliveTest::respond);
        tlsServer.setExecutor(pool);
        tlsServer.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] body = ("hello " + exchange.getRequestURI().getPath() + "\n").repeat(100).getBytes();
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A PKCS12 key store with a self-signed certificate for 127.0.0.1, made by this JDK's keytool. */
    private static Path selfSignedKeyStore() throws Exception {
        Path dir = AgentRun.workRoot().resolve("https-key-store");
        Files.createDirectories(dir);
        Path store = dir.resolve("server.p12");
        Files.deleteIfExists(store);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                                       "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                                       "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                                       "-keystore", store.toString(), "-storepass", STORE_PASSWORD)
            .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
        return store;
    }

    @AfterAll
    static void stopServers() {
        server.stop(0);
        tlsServer.stop(0);
        pool.shutdownNow();
    }

    static Result run(Jdk jdk, String scenario) {
        return AgentRun.of(jdk, "http-" + scenario, HttpApis.class, scenario,
                           String.valueOf(server.getAddress().getPort()))
                       .agentOptions("report={dir}/report.json,report.include=jvm").run().expectSuccess();
    }

    /** As {@link #run}, over HTTPS: the child trusts the server's self-signed certificate. */
    static Result runTls(Jdk jdk, String scenario) {
        return AgentRun.of(jdk, "https-" + scenario, HttpApis.class, scenario,
                           String.valueOf(tlsServer.getAddress().getPort()), "https")
                       .jvmArg("-Djavax.net.ssl.trustStore=" + keyStore)
                       .jvmArg("-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD)
                       .jvmArg("-Djavax.net.ssl.trustStoreType=PKCS12")
                       .agentOptions("report={dir}/report.json,report.include=jvm").run().expectSuccess();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void responsesReadAndClosedLeaveNothingOfTheApplications(Jdk jdk) {
        Result r = run(jdk, "read-closed");
        r.check(
            () -> assertEquals("1000", r.value("body.2"), "the third response was read"),
            () -> assertEquals(List.of(), r.sites(), "sites"),
            r.counts("socket", 0, 0),
            // one connection: made by the first request, taken out of the cache by the two others
            () -> assertEquals(3, r.count("socket", "acquired"), "socket.acquired"),
            () -> assertEquals(3, r.count("socket", "released"), "socket.released"),
            () -> assertEquals(1, parkedSockets(r), "the parked socket, held apart as the JVM's"),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aResponseLeftUnclosedKeepsItsSocketTheApplications(Jdk jdk) {
        Result r = run(jdk, "unclosed");
        r.check(
            () -> assertEquals("200", r.value("status")),
            Expect.one(r, "unclosed", "socket", "open", d -> d.startsWith("socket 127.0.0.1:")
                                                             && d.endsWith("-> 127.0.0.1:" + server.getAddress().getPort()),
                       "a socket to the server"),
            () -> assertEquals(1, r.sites().size(), "sites"),
            r.counts("socket", 1, 0),
            () -> assertEquals(0, parkedSockets(r), "nothing parked"),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aSocketTakenOutOfTheCacheIsTheApplicationsAtThatRequest(Jdk jdk) {
        Result r = run(jdk, "reused-unclosed");
        r.check(
            () -> assertEquals("1000", r.value("body.0")),
            Expect.one(r, "unclosed", "socket", "open", d -> d.startsWith("socket 127.0.0.1:"), "a socket"),
            () -> assertEquals(1, r.sites().size(), "sites: the reused socket is not also at the first request"),
            r.counts("socket", 1, 0),
            () -> assertEquals(2, r.count("socket", "acquired"), "made by the first request, taken by the second"),
            () -> assertEquals(0, parkedSockets(r), "nothing parked"),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void overHttpsTooAParkedSocketIsTheJvmsAndAnUnclosedResponseTheApplications(Jdk jdk) {
        Result closed = runTls(jdk, "read-closed");
        Result reused = runTls(jdk, "reused-unclosed");
        int port = tlsServer.getAddress().getPort();
        closed.check(
            () -> assertEquals("1000", closed.value("body.2"), "the third response was read"),
            () -> assertEquals(List.of(), closed.sites(), "sites"),
            closed.counts("socket", 0, 0),
            () -> assertEquals(3, closed.count("socket", "acquired"), "socket.acquired"),
            () -> assertEquals(1, parkedSockets(closed), "the parked socket, held apart as the JVM's"),
            closed.countsConsistent());
        reused.check(
            Expect.one(reused, "unclosed", "socket", "open", d -> d.endsWith("-> 127.0.0.1:" + port), "a socket"),
            () -> assertEquals(1, reused.sites().size(), "sites"),
            () -> assertEquals(2, reused.count("socket", "acquired"), "made by the first request, taken by the second"),
            reused.countsConsistent(),
            () -> assertTrue(!closed.reportText().contains(STORE_PASSWORD) && !reused.reportText().contains(STORE_PASSWORD),
                             "no password in a report"));
    }

    /** Sockets the JVM holds apart, listed with report.include=jvm, at the read-closed request's line. */
    private static long parkedSockets(Result r) {
        long n = 0;
        for (var s : r.report().path("heldApart").path("sites")) {
            if (s.path("kind").asText().equals("socket")) {
                assertEquals("jvm", s.path("owner").asText(), s.toString());
                assertTrue(s.path("stack").path(0).asText().startsWith("io.leakwatch.it.apps.HttpApis.readAndClose("),
                           "shown where it was opened: " + s);
                n += s.path("count").asLong();
            }
        }
        return n;
    }
}
