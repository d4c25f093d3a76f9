package io.leakwatch.it.apps;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Socket scenarios on the loopback interface (and Unix-domain sockets in the working directory). Argument: the mode
 * ({@code open}, {@code closed} or {@code leaked}). Every acquisition is made from its own method, and the ports the
 * test needs are printed as {@code VAL} lines.
 */
public final class SocketApis {
    static InetAddress loopback;

    private SocketApis() {
    }

    public static void main(String[] args) throws Exception {
        loopback = InetAddress.getByName("127.0.0.1");
        Hold.mode(args[0]);
        tcp();
        tcpChannels();
        datagrams();
        asyncChannels();
        unixChannels();
        Hold.collect();
        System.out.println("done");
    }

    // ---------------------------------------------------------------- java.net.Socket / ServerSocket

    static void tcp() throws Exception {
        ServerSocket server = serverSocket();
        Socket client = clientSocket(server.getLocalPort());
        Socket accepted = accept(server);
        Mark.val("server-socket.port", server.getLocalPort());
        Mark.val("client-socket.port", client.getLocalPort());
        Hold.done(client);
        Hold.done(accepted);
        Hold.done(server);
    }

    static ServerSocket serverSocket() throws Exception {
        Mark.next("server-socket");
        return new ServerSocket(0, 50, loopback);
    }

    static Socket clientSocket(int port) throws Exception {
        Mark.next("client-socket");
        return new Socket(loopback, port);
    }

    static Socket accept(ServerSocket server) throws Exception {
        Mark.next("accepted-socket");
        return server.accept();
    }

    // ---------------------------------------------------------------- NIO stream channels

    static void tcpChannels() throws Exception {
        ServerSocketChannel server = serverChannel();
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        SocketChannel client = clientChannel(port);
        SocketChannel accepted = acceptChannel(server);
        Mark.val("server-channel.port", port);
        Mark.val("client-channel.port", ((InetSocketAddress) client.getLocalAddress()).getPort());
        Hold.done(client);
        Hold.done(accepted);
        Hold.done(server);
    }

    static ServerSocketChannel serverChannel() throws Exception {
        Mark.next("server-channel");
        return ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
    }

    static SocketChannel clientChannel(int port) throws Exception {
        Mark.next("client-channel");
        return SocketChannel.open(new InetSocketAddress(loopback, port));
    }

    static SocketChannel acceptChannel(ServerSocketChannel server) throws Exception {
        Mark.next("accepted-channel");
        return server.accept();
    }

    // ---------------------------------------------------------------- datagrams

    static void datagrams() throws Exception {
        DatagramSocket plain = datagramSocket();
        Mark.val("datagram-socket.port", plain.getLocalPort());
        DatagramSocket connected = connectedDatagramSocket(plain.getLocalPort());
        Mark.val("datagram-socket-connected.port", connected.getLocalPort());
        MulticastSocket multicast = multicastSocket();
        Mark.val("multicast-socket.port", multicast.getLocalPort());
        DatagramChannel channel = datagramChannel();
        int channelPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        Mark.val("datagram-channel.port", channelPort);
        DatagramChannel connectedChannel = connectedDatagramChannel(channelPort);
        Mark.val("datagram-channel-connected.port", ((InetSocketAddress) connectedChannel.getLocalAddress()).getPort());
        Hold.done(plain);
        Hold.done(connected);
        Hold.done(multicast);
        Hold.done(channel);
        Hold.done(connectedChannel);
    }

    static DatagramSocket datagramSocket() throws Exception {
        Mark.next("datagram-socket");
        return new DatagramSocket(0, loopback);
    }

    static DatagramSocket connectedDatagramSocket(int remotePort) throws Exception {
        Mark.next("datagram-socket-connected");
        DatagramSocket socket = new DatagramSocket(0, loopback);
        socket.connect(loopback, remotePort);
        return socket;
    }

    static MulticastSocket multicastSocket() throws Exception {
        Mark.next("multicast-socket");
        return new MulticastSocket(0);
    }

    static DatagramChannel datagramChannel() throws Exception {
        Mark.next("datagram-channel");
        return DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
    }

    static DatagramChannel connectedDatagramChannel(int remotePort) throws Exception {
        Mark.next("datagram-channel-connected");
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
        channel.connect(new InetSocketAddress(loopback, remotePort));
        return channel;
    }

    // ---------------------------------------------------------------- asynchronous channels

    static void asyncChannels() throws Exception {
        AsynchronousServerSocketChannel server = asyncServer();
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        AsynchronousSocketChannel client = asyncClient(port);
        AsynchronousSocketChannel accepted = asyncAccept(server);
        Mark.val("async-server.port", port);
        Mark.val("async-client.port", ((InetSocketAddress) client.getLocalAddress()).getPort());
        Hold.done(client);
        Hold.done(accepted);
        Hold.done(server);
    }

    static AsynchronousServerSocketChannel asyncServer() throws Exception {
        Mark.next("async-server");
        return AsynchronousServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
    }

    static AsynchronousSocketChannel asyncClient(int port) throws Exception {
        Mark.next("async-client");
        AsynchronousSocketChannel client = AsynchronousSocketChannel.open();
        client.connect(new InetSocketAddress(loopback, port)).get(10, TimeUnit.SECONDS);
        return client;
    }

    static AsynchronousSocketChannel asyncAccept(AsynchronousServerSocketChannel server) throws Exception {
        Mark.next("async-accepted");
        return server.accept().get(10, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- Unix-domain channels

    static void unixChannels() throws Exception {
        Path socketFile = Path.of("srv.sock");
        Files.deleteIfExists(socketFile);
        ServerSocketChannel server = unixServer(socketFile);
        SocketChannel client = unixClient(socketFile);
        SocketChannel accepted = unixAccept(server);
        SocketChannel unbound = unixUnbound();
        Hold.done(client);
        Hold.done(accepted);
        Hold.done(server);
        Hold.done(unbound);
    }

    static ServerSocketChannel unixServer(Path socketFile) throws Exception {
        Mark.next("unix-server");
        return ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socketFile));
    }

    static SocketChannel unixClient(Path socketFile) throws Exception {
        Mark.next("unix-client");
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
        client.connect(UnixDomainSocketAddress.of(socketFile));
        return client;
    }

    static SocketChannel unixAccept(ServerSocketChannel server) throws Exception {
        Mark.next("unix-accepted");
        return server.accept();
    }

    static SocketChannel unixUnbound() throws Exception {
        Mark.next("unix-unbound");
        return SocketChannel.open(StandardProtocolFamily.UNIX);
    }
}
