package io.leakwatch.family.socket;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.DescriptorInstrumentation;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.agent.instrument.Released;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.socket.boot.SocketHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.hasParameters;
import static net.bytebuddy.matcher.ElementMatchers.hasType;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.whereAny;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Sockets (kind {@code socket}), at the classes that own the descriptors.
 *
 * <ul>
 *   <li>{@code java.net.Socket} and {@code ServerSocket} delegate to {@code NioSocketImpl} (the only platform
 *       implementation from JDK 18, the default since 13). A socket is recorded when its first {@code bind},
 *       {@code connect} or {@code listen} succeeds, not at {@code create}: {@code new Socket(host, port)} creates the
 *       descriptor before connecting and closes it when the connection is refused, and a refused connection must
 *       acquire nothing. {@code accept} fills the accepted socket's descriptor; {@code close} releases.</li>
 *   <li>{@code DatagramSocket} and {@code MulticastSocket} delegate to a {@code DatagramChannelImpl} since JDK 15, so
 *       datagram sockets of either API are tracked at that channel.</li>
 *   <li>NIO channels ({@code SocketChannel}, {@code ServerSocketChannel}, {@code DatagramChannel}, including Unix-domain
 *       ones) are tracked at their constructors (accepted channels included) and released through
 *       {@code AbstractInterruptibleChannel.close}; the asynchronous socket channels at their constructors and
 *       {@code implClose}.</li>
 *   <li>Limits ({@code limit.socket}) are checked before a descriptor exists: where {@code NioSocketImpl} creates
 *       or accepts one, in the channels' constructors that make one, and before a server channel accepts. An
 *       asynchronous server channel's accept completes on another thread and is not held back.</li>
 *   <li>A socket parked in the JDK's HTTP keep-alive cache ({@code KeepAliveCache.put}, behind
 *       {@code HttpURLConnection}) is the JVM's while it waits there; a request that takes it out
 *       ({@code KeepAliveCache.get}) makes it the application's again, at that request's line.</li>
 *   <li>Addresses are re-read after {@code bind}, {@code connect}, {@code listen} and {@code accept}, so a description
 *       always shows the current local and remote address, and a leaked socket its last ones.</li>
 * </ul>
 *
 * <p>Thread-safe: stateless; the plans it returns are immutable, and its advice runs in the instrumented methods
 * of whatever thread calls them.
 */
public final class SocketFamily implements AdvicePlan.Advisor, Family {
    private static final SocketFamily ADVICE = new SocketFamily();

    static {
        Family.register(ADVICE);
    }

    private SocketFamily() {
    }

    /** This family's plans (see {@link Family}): sockets, and socket channels' close. */
    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        List<AdvicePlan> plans = new ArrayList<>(SocketFamily.plans());
        plans.add(DescriptorInstrumentation.channelClose());
        return plans;
    }

    /** The plans for kind {@code socket}. */
    public static List<AdvicePlan> plans() {
        return AdvicePlan.on(ADVICE, "sun.nio.ch.NioSocketImpl",
                             "sun.nio.ch.SocketChannelImpl",
                             "sun.nio.ch.ServerSocketChannelImpl",
                             "sun.nio.ch.DatagramChannelImpl",
                             "java.nio.channels.SocketChannel",
                             "sun.net.www.http.KeepAliveCache",
                             "sun.nio.ch.UnixAsynchronousSocketChannelImpl",
                             "sun.nio.ch.UnixAsynchronousServerSocketChannelImpl");
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case "sun.nio.ch.NioSocketImpl":
                b// limit.socket: create makes the descriptor of every java.net socket, accept the accepted one's
                 .advise(SocketLimit.class, named("create").and(takesArguments(boolean.class)))
                 .advise(SocketLimit.class, named("accept").and(takesArguments(1)))
                 .advise(ImplReady.class, named("bind").and(takesArguments(InetAddress.class, int.class)))
                 .advise(ImplReady.class, named("connect").and(takesArguments(SocketAddress.class, int.class)))
                 .advise(ImplReady.class, named("listen").and(takesArguments(int.class)))
                 .advise(Accepted.class, named("accept").and(takesArguments(1)))
                 .advise(Released.class, named("close").and(takesArguments(0)));
                break;
            case "sun.nio.ch.SocketChannelImpl":
                b.advise(SocketLimit.class, makesDescriptor())
                 .advise(StreamChannelOpened.class, isConstructor())
                 .advise(Changed.class, named("bind").and(takesArguments(SocketAddress.class)))
                 .advise(Changed.class, named("connect").and(takesArguments(SocketAddress.class)))
                 .advise(Changed.class, named("finishConnect").and(takesArguments(0)));
                break;
            case "sun.nio.ch.ServerSocketChannelImpl":
                b.advise(SocketLimit.class, makesDescriptor())
                 // accept() and the socket adaptor's blockingAccept both accept here (JDK 17 to 25)
                 .advise(SocketLimit.class, named("implAccept").and(takesArguments(3)))
                 .advise(ServerChannelOpened.class, isConstructor())
                 .advise(Changed.class, named("bind").and(takesArguments(SocketAddress.class, int.class)));
                break;
            case "sun.nio.ch.DatagramChannelImpl":
                b.advise(SocketLimit.class, makesDescriptor())
                 .advise(DatagramChannelOpened.class, isConstructor())
                 .advise(Changed.class, named("bind").and(takesArguments(SocketAddress.class)))
                 .advise(Changed.class, named("connect").and(takesArguments(SocketAddress.class)))
                 // DatagramSocket.connect goes to this package-private overload (JDK 17 to 25)
                 .advise(Changed.class, named("connect").and(takesArguments(SocketAddress.class, boolean.class)))
                 .advise(Changed.class, named("disconnect").and(takesArguments(0)));
                break;
            case "java.nio.channels.SocketChannel":
                b.advise(OpenWithConnect.class, named("open").and(takesArguments(SocketAddress.class)));
                break;
            // the JDK's HTTP keep-alive cache (JDK 17 to 25): a parked socket is the JVM's, taken out the application's
            case "sun.net.www.http.KeepAliveCache":
                b.advise(HttpClientParked.class, named("put").and(takesArguments(3)))
                 .advise(HttpClientTaken.class, named("get").and(takesArguments(2)));
                break;
            case "sun.nio.ch.UnixAsynchronousSocketChannelImpl":
                b.advise(SocketLimit.class, makesDescriptor())
                 .advise(AsyncChannelOpened.class, isConstructor())
                 .advise(Released.class, named("implClose").and(takesArguments(0)));
                break;
            case "sun.nio.ch.UnixAsynchronousServerSocketChannelImpl":
                b.advise(SocketLimit.class, makesDescriptor())
                 .advise(AsyncServerChannelOpened.class, isConstructor())
                 .advise(Released.class, named("implClose").and(takesArguments(0)));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    /**
     * The constructors of a channel that make its descriptor; those given a descriptor (accepted or inherited
     * channels) are left alone: refusing there would leak the descriptor already accepted.
     */
    private static ElementMatcher.Junction<MethodDescription> makesDescriptor() {
        return isConstructor().and(not(hasParameters(whereAny(hasType(named("java.io.FileDescriptor"))))));
    }

    /**
     * {@code limit.socket}, before a socket's descriptor is created or accepted. Not suppressed: the refusal is the one
     * exception advice throws on purpose, and the hook lets nothing else out.
     */
    static final class SocketLimit {
        private SocketLimit() {
        }

        @Advice.OnMethodEnter
        static void enter() throws java.net.SocketException {
            SocketHooks.checkLimit();
        }
    }

    static final class ImplReady {
        private ImplReady() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("server") boolean server,
                         @Advice.Thrown Throwable failed) {
            if (failed == null) {
                SocketHooks.ready(self, server);
            }
        }
    }

    static final class Accepted {
        private Accepted() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Argument(0) Object accepted, @Advice.Thrown Throwable failed) {
            if (failed == null) {
                SocketHooks.accepted(accepted);
            }
        }
    }

    static final class Changed {
        private Changed() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object self) {
            SocketHooks.changed(self);
        }
    }

    static final class StreamChannelOpened {
        private StreamChannelOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            SocketHooks.channelOpened(self);
        }
    }

    /**
     * {@code SocketChannel.open(SocketAddress)} creates a channel, connects it, and closes it when the connection is
     * refused: the channel is recorded at the end, and only when the call succeeded.
     */
    static final class OpenWithConnect {
        private OpenWithConnect() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter() {
            return SocketHooks.channelOpenWithConnectBegins();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object state, @Advice.Return Object channel, @Advice.Thrown Throwable failed) {
            SocketHooks.channelOpenWithConnectEnds(state, channel, failed);
        }
    }

    static final class HttpClientParked {
        private HttpClientParked() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(2) Object httpClient) {
            SocketHooks.httpClientParked(httpClient);
        }
    }

    static final class HttpClientTaken {
        private HttpClientTaken() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object httpClient) {
            SocketHooks.httpClientTaken(httpClient);
        }
    }

    static final class ServerChannelOpened {
        private ServerChannelOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            SocketHooks.opened(self, "server socket channel");
        }
    }

    static final class DatagramChannelOpened {
        private DatagramChannelOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            SocketHooks.opened(self, "datagram socket");
        }
    }

    static final class AsyncChannelOpened {
        private AsyncChannelOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            SocketHooks.opened(self, "async socket channel");
        }
    }

    static final class AsyncServerChannelOpened {
        private AsyncServerChannelOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            SocketHooks.opened(self, "async server socket channel");
        }
    }
}
