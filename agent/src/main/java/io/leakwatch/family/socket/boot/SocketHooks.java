package io.leakwatch.family.socket.boot;

import io.leakwatch.bootstrap.CallDepth;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceKind;

import java.net.SocketException;

/**
 * What the {@code socket} family's advice calls: {@code java.net} sockets once bound, connected or listening, accepted
 * sockets, NIO socket and datagram channels, the JDK's HTTP keep-alive cache, and the limit before a descriptor is
 * made. A socket's detail is its type; its addresses are read by the registry (the kind has the {@code ADDRESSES}
 * trait).
 *
 * <p>Defined in the boot loader with the bootstrap package (advice inlined into {@code java.net} and {@code sun.nio.ch}
 * calls it). Thread-safe: stateless. Every entry point but the limit suppresses its own failures.
 */
public final class SocketHooks {
    /** How a {@code java.net} socket is described: by its kind's label, and a listening one as a server's. */
    private static final String SOCKET = ResourceKind.SOCKET.label();
    private static final String SERVER_SOCKET = "server " + SOCKET;
    private static final String CHANNEL = "socket channel";

    private SocketHooks() {
    }

    /**
     * Before a socket's descriptor is created or accepted ({@code java.net} sockets, socket and datagram channels).
     *
     * @throws SocketException when {@code limit.socket} refuses it
     */
    public static void checkLimit() throws SocketException {
        String refused = Hooks.refusal(ResourceKind.SOCKET, 1);
        if (refused != null) {
            throw new SocketException(refused);
        }
    }

    /** A {@code java.net} server socket accepted a connection: the accepted socket. */
    public static void accepted(Object socket) {
        opened(socket, SOCKET);
    }

    /** A socket descriptor was created; {@code type} says which ({@code tcp}, {@code tcp-server}, {@code udp}, ...). */
    public static void opened(Object socket, String type) {
        Hooks.acquired(ResourceKind.SOCKET, socket, type);
    }

    /**
     * A {@code java.net} socket bound, connected or started listening: recorded the first time (so a socket whose
     * connection was refused is never acquired), its addresses refreshed afterwards.
     */
    public static void ready(Object socket, boolean server) {
        if (Hooks.isTracked(socket)) {
            Hooks.addressesChanged(socket);
        } else {
            Hooks.acquired(ResourceKind.SOCKET, socket, server ? SERVER_SOCKET : SOCKET);
        }
    }

    /** A tracked socket bound, connected or was accepted: its addresses changed. */
    public static void changed(Object socket) {
        Hooks.addressesChanged(socket);
    }

    /**
     * A socket channel was created (constructor of the channel; accepted channels included), unless inside
     * {@code SocketChannel.open(SocketAddress)}, which records its channel once connected.
     */
    public static void channelOpened(Object channel) {
        if (!CallDepth.isInside(ResourceKind.SOCKET)) {
            Hooks.acquired(ResourceKind.SOCKET, channel, CHANNEL);
        }
    }

    /**
     * {@code SocketChannel.open(SocketAddress)} starts: a refused connection there must acquire nothing. Returns the
     * token its exit hands back ({@link CallDepth}), so the depth is undone even if nothing else works then.
     */
    public static Object channelOpenWithConnectBegins() {
        return CallDepth.enter(ResourceKind.SOCKET);
    }

    /** {@code SocketChannel.open(SocketAddress)} ends: its channel is recorded when it returned one. */
    public static void channelOpenWithConnectEnds(Object token, Object channel, Throwable failed) {
        if (CallDepth.exit(token, ResourceKind.SOCKET) && failed == null && channel != null) {
            Hooks.acquired(ResourceKind.SOCKET, channel, CHANNEL);
        }
    }

    /**
     * The JDK's HTTP keep-alive cache takes {@code httpClient} in ({@code KeepAliveCache.put}): its socket is parked,
     * the JVM's until a request takes it out (see {@link HttpKeepAlive}).
     */
    public static void httpClientParked(Object httpClient) {
        try {
            Hooks.parkedByJvm(HttpKeepAlive.trackedSocketOf(httpClient));
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /** A request took {@code httpClient} out of the JDK's HTTP keep-alive cache ({@code KeepAliveCache.get}). */
    public static void httpClientTaken(Object httpClient) {
        try {
            Hooks.takenFromJvm(HttpKeepAlive.trackedSocketOf(httpClient));
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }
}
