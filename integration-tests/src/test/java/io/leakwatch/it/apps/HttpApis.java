package io.leakwatch.it.apps;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * {@code HttpURLConnection} requests to a server the test runs (its port is the second argument; the third, when
 * given, is the scheme, {@code http} by default, or {@code https} with a trust store the test names by system
 * properties), over the JDK's HTTP keep-alive cache, one scenario per run (the first argument):
 *
 * <pre>
 * read-closed      three requests, each response read to its end and closed: the socket goes back to the cache each
 *                  time (nothing of the application's is open)
 * unclosed         one request whose response is neither read nor closed: its socket stays open (the application's)
 * reused-unclosed  a request read and closed, then one taking the cached socket out and leaving its response unread
 *                  and unclosed: the socket is open at the second request's line
 * </pre>
 */
public final class HttpApis {
    private HttpApis() {
    }

    public static void main(String[] args) throws Exception {
        String base = (args.length > 2 ? args[2] : "http") + "://127.0.0.1:" + args[1] + "/";
        switch (args[0]) {
            case "read-closed":
                for (int i = 0; i < 3; i++) {
                    Mark.val("body." + i, readAndClose(base + "r" + i));
                }
                break;
            case "unclosed":
                unclosed(base + "u");
                break;
            case "reused-unclosed":
                Mark.val("body.0", readAndClose(base + "r0"));
                unclosed(base + "u");
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        Hold.collect();
        System.out.println("done");
    }

    static int readAndClose(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        Mark.next("read-closed");
        try (InputStream in = c.getInputStream()) {
            return in.readAllBytes().length;
        }
    }

    static void unclosed(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        Mark.next("unclosed");
        Hold.keep(c.getInputStream());
        Mark.val("status", c.getResponseCode());
    }
}
