package io.leakwatch.it.apps;

import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small app for the option tests. Arguments, run in order:
 *
 * <pre>
 * leak      one file left open, one dropped (leaked)
 * clean     a file opened and closed
 * deep      a file opened 10 calls deep and left open
 * mixed     a file, a server socket and a selector, each left open
 * exit:N    prints 50 numbered lines, then System.exit(N)
 * </pre>
 *
 * Always prints {@code pid <pid>} and {@code java <java.version>} first and {@code done} at the end.
 */
public final class OptionsApp {
    private OptionsApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.println("java " + System.getProperty("java.version"));
        Files.write(Path.of("input.txt"), List.of("hello"));
        for (String arg : args) {
            if (arg.equals("leak")) {
                openKept();
                openDropped();
            } else if (arg.equals("clean")) {
                openClosed();
            } else if (arg.equals("deep")) {
                deep(10);
            } else if (arg.equals("mixed")) {
                mixed();
            } else if (arg.startsWith("exit:")) {
                openKept();
                openDropped();
                Hold.collect();
                for (int i = 0; i < 50; i++) {
                    System.out.println("line " + i);
                }
                System.err.println("app stderr line");
                System.exit(Integer.parseInt(arg.substring(5)));
            } else {
                throw new IllegalArgumentException(arg);
            }
        }
        Hold.collect();
        System.out.println("done");
    }

    static void openKept() throws Exception {
        Mark.next("kept");
        FileInputStream in = new FileInputStream("input.txt");
        Hold.keep(in);
    }

    static void openDropped() throws Exception {
        Mark.next("dropped");
        new FileInputStream("input.txt");
    }

    static void openClosed() throws Exception {
        Mark.next("closed");
        FileInputStream in = new FileInputStream("input.txt");
        in.close();
    }

    static void deep(int n) throws Exception {
        if (n > 0) {
            deep(n - 1);
            return;
        }
        Mark.next("deep");
        FileInputStream in = new FileInputStream("input.txt");
        Hold.keep(in);
    }

    static void mixed() throws Exception {
        Mark.next("mixed-file");
        FileInputStream in = new FileInputStream("input.txt");
        Mark.next("mixed-socket");
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        Mark.next("mixed-selector");
        Selector selector = Selector.open();
        Hold.keep(in);
        Hold.keep(server);
        Hold.keep(selector);
    }
}
