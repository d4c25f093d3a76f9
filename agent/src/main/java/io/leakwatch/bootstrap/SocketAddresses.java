package io.leakwatch.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/**
 * Reads the current local and remote address of a tracked socket, whatever object holds its descriptor: an NIO
 * channel (public API) or the {@link SocketImpl} behind a {@code java.net.Socket} (its protected accessors, reached
 * through {@code java.net} opened to the agent by the installer).
 *
 * <p>Thread-safe. Failures leave the previous addresses in place: a description is best effort, never an error.
 */
final class SocketAddresses {
    private SocketAddresses() {
    }

    static void refresh(TrackedEndpoint record, Object socket) {
        try {
            Object local = null;
            Object remote = null;
            if (socket instanceof NetworkChannel) {
                if (!((NetworkChannel) socket).isOpen()) {
                    return;
                }
                local = ((NetworkChannel) socket).getLocalAddress();
                if (socket instanceof SocketChannel) {
                    remote = ((SocketChannel) socket).getRemoteAddress();
                } else if (socket instanceof DatagramChannel) {
                    remote = ((DatagramChannel) socket).getRemoteAddress();
                } else if (socket instanceof AsynchronousSocketChannel) {
                    remote = ((AsynchronousSocketChannel) socket).getRemoteAddress();
                }
            } else if (socket instanceof SocketImpl) {
                SocketImpl impl = (SocketImpl) socket;
                int localPort = (int) ImplAccess.LOCAL_PORT.invoke(impl);
                if (localPort > 0) {
                    Object bound = ((SocketOptions) impl).getOption(SocketOptions.SO_BINDADDR);
                    local = bound instanceof InetAddress ? new InetSocketAddress((InetAddress) bound, localPort)
                                                         : new InetSocketAddress(localPort);
                }
                InetAddress peer = (InetAddress) ImplAccess.ADDRESS.invoke(impl);
                int peerPort = (int) ImplAccess.PORT.invoke(impl);
                // a server socket has no peer: its impl keeps the wildcard address and port 0 there
                if (peer != null && peerPort > 0) {
                    remote = new InetSocketAddress(peer, peerPort);
                }
            }
            if (local != null) {
                record.local = format(local);
            }
            if (remote != null) {
                record.remote = format(remote);
            } else if (socket instanceof NetworkChannel) {
                // an open channel answers exactly: no remote address now (a disconnected datagram channel)
                record.remote = null;
            }
        } catch (Throwable unreadable) {
            // closed meanwhile, or an unknown implementation: keep what we had
        }
    }

    /** {@code 127.0.0.1:8080}, {@code [::1]:8080}, or the path of a Unix-domain socket. */
    static String format(Object address) {
        if (address instanceof InetSocketAddress) {
            InetSocketAddress a = (InetSocketAddress) address;
            InetAddress ip = a.getAddress();
            String host = ip == null ? a.getHostString() : ip.getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        String s = String.valueOf(address);
        return s.isEmpty() ? "(unnamed)" : s;
    }

    /** Handles on SocketImpl's protected getters, resolved on first use (after the installer opened java.net). */
    private static final class ImplAccess {
        static final MethodHandle LOCAL_PORT;
        static final MethodHandle ADDRESS;
        static final MethodHandle PORT;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(SocketImpl.class, MethodHandles.lookup());
                LOCAL_PORT = l.findVirtual(SocketImpl.class, "getLocalPort", MethodType.methodType(int.class));
                ADDRESS = l.findVirtual(SocketImpl.class, "getInetAddress", MethodType.methodType(InetAddress.class));
                PORT = l.findVirtual(SocketImpl.class, "getPort", MethodType.methodType(int.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
