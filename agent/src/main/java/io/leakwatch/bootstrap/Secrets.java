package io.leakwatch.bootstrap;

import java.util.Locale;

/**
 * What looks like a credential, and URLs without theirs: a report, a log line or an MBean must never show one. Used
 * by every family that describes what the application named (a JDBC URL, a child process's arguments).
 *
 * <ul>
 *   <li>Parameters whose key looks secret ({@code password=}, {@code PWD=}, {@code sslpassword=}, {@code secret},
 *       {@code token}, {@code credential}, {@code ...key}, {@code sig}) are removed with their value, whichever
 *       separator the driver uses ({@code ;} for H2, SQL Server and Derby, {@code ?} and {@code &} for the URL-style
 *       drivers, {@code :} between properties for DB2).</li>
 *   <li>A password in the authority ({@code //user:password@host}) or in Oracle's thin form
 *       ({@code user/password@host}) is removed; the user stays.</li>
 * </ul>
 *
 * <p>Erring on the side of removal: a parameter that merely looks secret (a key file path) goes too.
 *
 * <p>Stateless and thread-safe.
 */
public final class Secrets {
    private static final String[] SECRET_WORDS = {
        "password", "passwd", "pwd", "secret", "token", "credential", "passphrase", "apikey", "api_key", "api-key",
    };

    private Secrets() {
    }

    /** {@code url} without credentials; {@code null} stays {@code null}. */
    public static String scrub(String url) {
        if (url == null) {
            return null;
        }
        return removeSecretParameters(removeAuthorityPassword(url));
    }

    /** Longer URLs lose their parameters in a description: a data source that spells out all its defaults. */
    static final int MAX_SHOWN = 200;

    /**
     * {@code url} as a description shows it: without credentials, and, when longer than {@value #MAX_SHOWN}
     * characters, without its parameters (the host and database come first and stay).
     */
    public static String forDescription(String url) {
        String s = scrub(url);
        if (s == null || s.length() <= MAX_SHOWN) {
            return s;
        }
        int cut = firstOf(s, 0, "?;");
        int params = 0;
        for (int i = cut; i < s.length(); i++) {
            char c = s.charAt(i);
            params += c == '?' || c == ';' || c == '&' ? 1 : 0;
        }
        return (cut < MAX_SHOWN ? s.substring(0, cut) : s.substring(0, MAX_SHOWN)) + " (" + params + " parameters not shown)";
    }

    /** Whether a parameter (or property) named {@code key} holds something that must not be shown. */
    public static boolean isSecretKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.isEmpty()) {
            return false;
        }
        for (String w : SECRET_WORDS) {
            if (k.contains(w)) {
                return true;
            }
        }
        return k.endsWith("key") || k.equals("sig") || k.equals("pass") || k.equals("auth");
    }

    /** {@code //user:password@host} becomes {@code //user@host}; {@code thin:user/password@host} becomes {@code thin:user@host}. */
    private static String removeAuthorityPassword(String url) {
        int at = url.indexOf('@');
        if (at < 0) {
            return url;
        }
        int authority = url.indexOf("//");
        if (authority >= 0 && authority < at) {
            int start = authority + 2;
            int end = firstOf(url, start, "/?;&");
            if (at < end) {
                int colon = url.indexOf(':', start);
                if (colon >= 0 && colon < at) {
                    return url.substring(0, colon) + url.substring(at);
                }
            }
            return url;
        }
        // Oracle thin: jdbc:oracle:thin:scott/tiger@host:1521:orcl
        int slash = url.lastIndexOf('/', at);
        int colonBefore = url.lastIndexOf(':', at);
        if (slash >= 0 && slash > colonBefore) {
            return url.substring(0, slash) + url.substring(at);
        }
        return url;
    }

    private static String removeSecretParameters(String url) {
        int n = url.length();
        // the part before the first separator is never a parameter
        int i = firstOf(url, 0, "?;&");
        StringBuilder out = new StringBuilder(n).append(url, 0, i);
        boolean queryStartRemoved = false;
        while (i < n) {
            char sep = url.charAt(i);
            int end = firstOf(url, i + 1, ";&");
            int eq = url.indexOf('=', i + 1);
            boolean secret = eq >= 0 && eq < end && isSecretKey(url.substring(i + 1, eq));
            if (secret) {
                queryStartRemoved |= sep == '?';
            } else {
                // when the query's first parameter went, the next one kept starts the query
                out.append(queryStartRemoved && sep == '&' ? '?' : sep).append(url, i + 1, end);
                queryStartRemoved &= sep != '&';
            }
            i = end;
        }
        return out.toString();
    }

    private static int firstOf(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
