package io.leakwatch.family.socket.boot;

import io.leakwatch.bootstrap.Hooks;

import java.lang.reflect.Field;

/**
 * The JDK's HTTP keep-alive cache ({@code sun.net.www.http.KeepAliveCache}, behind every {@code HttpURLConnection},
 * HTTPS included): when a response has been read, the connection's socket is parked there for the next request to the
 * same server, and closed by the cache's timer when idle for a few seconds. While parked, the socket is the JVM's (the
 * application closed everything it could); a request that takes it out makes it the application's again, at that
 * request's line. A response never read to its end nor closed never parks its socket, which stays the application's
 * where it was opened.
 *
 * <p>This class finds the tracked socket of a cached {@code sun.net.www.http.HttpClient}: its {@code serverSocket}
 * (declared by {@code sun.net.NetworkClient}), through an SSL socket layered over a plain one
 * ({@code sun.security.ssl.BaseSSLSocketImpl.self}), to the {@code java.net.Socket}'s implementation and the platform
 * implementation a SOCKS one delegates to ({@code DelegatingSocketImpl.delegate}); the first object the registry tracks
 * is the one. Field names checked against JDK 17 and 25; one that is missing only makes the walk shorter.
 *
 * <p>Thread-safe: the fields are resolved once, on first use.
 */
final class HttpKeepAlive {
    private HttpKeepAlive() {
    }

    /** The object the registry tracks for {@code httpClient}'s socket, or {@code null}. */
    static Object trackedSocketOf(Object httpClient) {
        Object o = Fields.read(Fields.SERVER_SOCKET, httpClient);
        for (int hops = 0; o != null && hops < 6; hops++) {
            if (Hooks.isTracked(o)) {
                return o;
            }
            Object next = Fields.read(Fields.SSL_SELF, o);
            if (next == null || next == o) {
                next = Fields.read(Fields.SOCKET_IMPL, o);
            }
            if (next == null) {
                next = Fields.read(Fields.DELEGATE, o);
            }
            o = next;
        }
        return null;
    }

    /** The fields of the walk, each {@code null} where this JDK lacks it or does not open it. */
    private static final class Fields {
        static final Field SERVER_SOCKET = field("sun.net.NetworkClient", "serverSocket");
        static final Field SSL_SELF = field("sun.security.ssl.BaseSSLSocketImpl", "self");
        static final Field SOCKET_IMPL = field("java.net.Socket", "impl");
        static final Field DELEGATE = field("java.net.DelegatingSocketImpl", "delegate");

        private static Field field(String type, String name) {
            try {
                Field f = Class.forName(type, false, null).getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (Throwable unavailable) {
                return null;
            }
        }

        /** {@code f} of {@code o}, or {@code null} when {@code o} has no such field. */
        static Object read(Field f, Object o) {
            if (f == null || !f.getDeclaringClass().isInstance(o)) {
                return null;
            }
            try {
                return f.get(o);
            } catch (Throwable e) {
                return null;
            }
        }
    }
}
