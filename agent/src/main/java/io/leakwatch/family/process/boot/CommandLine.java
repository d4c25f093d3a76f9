package io.leakwatch.family.process.boot;

import io.leakwatch.bootstrap.Secrets;

import java.util.List;
import java.util.Locale;

/**
 * A child process's command line as reports show it: the program and its arguments joined by spaces, with every
 * argument that looks like a credential masked as {@value #MASK}.
 * <ul>
 *   <li>{@code key=value} and {@code --key=value} (also {@code -Dkey=value}) whose key looks secret (the words
 *       JDBC URLs are scrubbed of: {@code password}, {@code token}, {@code secret}, {@code apikey}, ...): the value
 *       is masked, the key kept ({@code --password=***}).</li>
 *   <li>A flag whose name looks secret with its value in the next argument ({@code --password hunter2},
 *       {@code -token abc}): the next argument.</li>
 *   <li>{@code -pVALUE} (and {@code -p VALUE}) once a user was given ({@code -u}, {@code --user}, {@code -U}, as
 *       database clients take a password): the value.</li>
 *   <li>A password in a URL's authority ({@code https://user:pass@host}): the password.</li>
 * </ul>
 * Erring on the side of masking: an argument that merely looks secret is masked too. The environment is never read.
 *
 * <p>Thread-safe: stateless.
 */
final class CommandLine {
    static final String MASK = "***";
    /** How much of a long command line a description keeps. */
    static final int MAX_LENGTH = 300;

    private CommandLine() {
    }

    static String masked(List<String> command) {
        StringBuilder sb = new StringBuilder();
        boolean userGiven = false;
        boolean maskNext = false;
        for (int i = 0; i < command.size(); i++) {
            String arg = String.valueOf(command.get(i));
            String shown;
            if (maskNext) {
                shown = MASK;
                maskNext = false;
            } else {
                shown = maskedArgument(arg, userGiven);
                String flag = arg.toLowerCase(Locale.ROOT);
                if (flag.equals("-u") || flag.equals("--user") || flag.startsWith("--user=") || flag.equals("--username")
                    || flag.startsWith("--username=") || (arg.startsWith("-u") && arg.length() > 2)
                    || arg.startsWith("-U")) {
                    userGiven = true;
                }
                // a flag whose value follows it; not -pVALUE, whose value it holds (masked above)
                boolean attachedPassword = userGiven && arg.startsWith("-p") && arg.length() > 2;
                if (arg.startsWith("-") && arg.indexOf('=') < 0 && !attachedPassword
                    && (Secrets.isSecretKey(stripDashes(arg)) || userGiven && arg.equals("-p"))) {
                    maskNext = true;
                }
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(shown);
            if (sb.length() > MAX_LENGTH) {
                sb.setLength(MAX_LENGTH);
                return sb.append("...").toString();
            }
        }
        return sb.toString();
    }

    private static String maskedArgument(String arg, boolean userGiven) {
        int eq = arg.indexOf('=');
        if (eq > 0 && Secrets.isSecretKey(stripDashes(arg.substring(0, eq)))) {
            return arg.substring(0, eq + 1) + MASK;
        }
        if (userGiven && arg.startsWith("-p") && arg.length() > 2 && eq < 0) {
            return "-p" + MASK;
        }
        return withoutUrlPassword(arg);
    }

    /** {@code --password} and {@code -Dpassword} as {@code password}. */
    private static String stripDashes(String key) {
        String k = key;
        while (k.startsWith("-")) {
            k = k.substring(1);
        }
        if (k.startsWith("D") && key.startsWith("-D")) {
            k = k.substring(1);
        }
        return k;
    }

    /** {@code scheme://user:pass@host...} as {@code scheme://user:***@host...}. */
    private static String withoutUrlPassword(String arg) {
        int scheme = arg.indexOf("://");
        if (scheme < 0) {
            return arg;
        }
        int start = scheme + 3;
        int end = start;
        while (end < arg.length() && "/?#".indexOf(arg.charAt(end)) < 0) {
            end++;
        }
        int at = arg.lastIndexOf('@', end - 1);
        if (at < start) {
            return arg;
        }
        int colon = arg.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return arg;
        }
        return arg.substring(0, colon + 1) + MASK + arg.substring(at);
    }
}
