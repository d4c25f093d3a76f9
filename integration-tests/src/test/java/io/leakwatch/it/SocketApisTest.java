package io.leakwatch.it;

import io.leakwatch.it.apps.SocketApis;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kind {@code socket}: every socket API on loopback (and Unix-domain sockets) left open, closed and dropped. */
class SocketApisTest {
    static final String LO = "127.0.0.1:";
    /** Sockets each mode acquires, one per announced site. */
    static final int SOCKETS = 18;
    /** Of those, asynchronous socket channels (open even when dropped, see {@link #eachSocket}). */
    static final int ASYNC = 3;

    /** The expectation for each announced site of {@link SocketApis}, in the given state. */
    static List<Executable> eachSocket(Result r, String state) {
        int serverPort = r.port("server-socket.port");
        int clientPort = r.port("client-socket.port");
        int channelPort = r.port("server-channel.port");
        int channelClientPort = r.port("client-channel.port");
        int datagramPort = r.port("datagram-socket.port");
        int datagramConnectedPort = r.port("datagram-socket-connected.port");
        int multicastPort = r.port("multicast-socket.port");
        int datagramChannelPort = r.port("datagram-channel.port");
        int datagramChannelConnectedPort = r.port("datagram-channel-connected.port");
        int asyncPort = r.port("async-server.port");
        int asyncClientPort = r.port("async-client.port");
        // Dropped asynchronous socket channels stay reachable: the JDK's default channel group registers every one
        // of them with its port (Port.register, fdToChannel) until it is closed. So they are open, not leaked.
        String asyncState = state.equals("leaked") ? "open" : state;
        List<Executable> checks = new ArrayList<>();
        checks.add(Expect.one(r, "server-socket", "socket", state, "server socket " + LO + serverPort));
        checks.add(Expect.one(r, "client-socket", "socket", state,
                              "socket " + LO + clientPort + " -> " + LO + serverPort));
        checks.add(Expect.one(r, "accepted-socket", "socket", state,
                              "socket " + LO + serverPort + " -> " + LO + clientPort));
        checks.add(Expect.one(r, "server-channel", "socket", state, "server socket channel " + LO + channelPort));
        checks.add(Expect.one(r, "client-channel", "socket", state,
                              "socket channel " + LO + channelClientPort + " -> " + LO + channelPort));
        checks.add(Expect.one(r, "accepted-channel", "socket", state,
                              "socket channel " + LO + channelPort + " -> " + LO + channelClientPort));
        checks.add(Expect.one(r, "datagram-socket", "socket", state, "datagram socket " + LO + datagramPort));
        checks.add(Expect.one(r, "datagram-socket-connected", "socket", state,
                              "datagram socket " + LO + datagramConnectedPort + " -> " + LO + datagramPort));
        checks.add(Expect.one(r, "multicast-socket", "socket", state,
                              d -> d.startsWith("datagram socket ") && d.endsWith(":" + multicastPort) && !d.contains("->"),
                              "'datagram socket <wildcard>:" + multicastPort + "'"));
        checks.add(Expect.one(r, "datagram-channel", "socket", state, "datagram socket " + LO + datagramChannelPort));
        checks.add(Expect.one(r, "datagram-channel-connected", "socket", state,
                              "datagram socket " + LO + datagramChannelConnectedPort + " -> " + LO + datagramChannelPort));
        checks.add(Expect.one(r, "async-server", "socket", asyncState, "async server socket channel " + LO + asyncPort));
        checks.add(Expect.one(r, "async-client", "socket", asyncState,
                              "async socket channel " + LO + asyncClientPort + " -> " + LO + asyncPort));
        checks.add(Expect.one(r, "async-accepted", "socket", asyncState,
                              "async socket channel " + LO + asyncPort + " -> " + LO + asyncClientPort));
        checks.add(Expect.one(r, "unix-server", "socket", state,
                              d -> d.startsWith("server socket channel ") && d.contains("srv.sock"),
                              "'server socket channel <path>srv.sock'"));
        checks.add(Expect.one(r, "unix-client", "socket", state,
                              d -> d.startsWith("socket channel ") && d.contains("srv.sock"),
                              "'socket channel ... srv.sock'"));
        checks.add(Expect.one(r, "unix-accepted", "socket", state,
                              d -> d.startsWith("socket channel ") && d.contains("srv.sock"),
                              "'socket channel ... srv.sock'"));
        checks.add(Expect.one(r, "unix-unbound", "socket", state,
                              d -> d.startsWith("socket channel") && d.endsWith("(unbound)"),
                              "'socket channel ... (unbound)'"));
        return checks;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void socketsLeftOpenAreReportedOpen(Jdk jdk) {
        Result r = AgentRun.of(jdk, "sockets-open", SocketApis.class, "open").run().expectSuccess();
        List<Executable> checks = eachSocket(r, "open");
        checks.add(r.counts("socket", SOCKETS, 0));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        r.check(checks.toArray(Executable[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void closedSocketsReportNothing(Jdk jdk) {
        Result r = AgentRun.of(jdk, "sockets-closed", SocketApis.class, "closed").run().expectSuccess();
        r.check(
            () -> assertEquals(List.of(), r.resources(), "resources"),
            () -> assertEquals(List.of(), r.sites(), "sites"),
            r.counts("socket", 0, 0),
            () -> assertTrue(r.count("socket", "acquired") >= SOCKETS, "socket acquired >= " + (SOCKETS)),
            () -> assertEquals(r.count("socket", "acquired"), r.count("socket", "released"), "acquired == released"),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void droppedSocketsAreReportedLeaked(Jdk jdk) {
        Result r = AgentRun.of(jdk, "sockets-leaked", SocketApis.class, "leaked").run().expectSuccess();
        List<Executable> checks = eachSocket(r, "leaked");
        checks.add(r.counts("socket", ASYNC, SOCKETS - ASYNC));
        checks.add(r.onlyAnnouncedSites());
        checks.add(r.countsConsistent());
        r.check(checks.toArray(Executable[]::new));
    }
}
