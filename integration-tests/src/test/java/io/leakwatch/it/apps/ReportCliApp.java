package io.leakwatch.it.apps;

import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Leaks in chosen numbers, for the report command line, the HTML report and the exit gate. Arguments, run in order:
 *
 * <pre>
 * kept:N     N files opened at one site and kept open (state open)
 * dropped:N  N files opened at one site and dropped (state leaked)
 * server     a server socket kept open
 * odd        a file named like markup, {@code <img src=x onerror=alert(1)>.txt}, kept open
 * exit:N     ends with System.exit(N) instead of returning
 * </pre>
 *
 * Always prints {@code pid <pid>} first and {@code done} at the end. Run it:
 * {@code java -javaagent:leakwatch-agent.jar=report=r.json -cp target/test-classes io.leakwatch.it.apps.ReportCliApp kept:3}
 */
public final class ReportCliApp {
    /** A file name that is markup: the HTML report must show it as text. */
    public static final String ODD_NAME = "<img src=x onerror=alert(1)>.txt";

    private ReportCliApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("pid " + ProcessHandle.current().pid());
        Files.write(Path.of("input.txt"), List.of("hello"));
        int exit = -1;
        for (String arg : args) {
            String[] parts = arg.split(":", 2);
            switch (parts[0]) {
                case "kept":
                    for (int i = 0; i < Integer.parseInt(parts[1]); i++) {
                        keep(i);
                    }
                    break;
                case "dropped":
                    for (int i = 0; i < Integer.parseInt(parts[1]); i++) {
                        drop(i);
                    }
                    break;
                case "server":
                    server();
                    break;
                case "odd":
                    odd();
                    break;
                case "exit":
                    exit = Integer.parseInt(parts[1]);
                    break;
                default:
                    throw new IllegalArgumentException(arg);
            }
        }
        Hold.collect();
        System.out.println("done");
        if (exit >= 0) {
            System.exit(exit);
        }
    }

    static void keep(int i) throws Exception {
        // once, on the line right above the acquiring one (every iteration acquires at that one line)
        if (i == 0) { Mark.next("kept"); }
        Hold.keep(new FileInputStream("input.txt"));
    }

    static void drop(int i) throws Exception {
        // once, on the line right above the acquiring one (every iteration acquires at that one line)
        if (i == 0) { Mark.next("dropped"); }
        new FileInputStream("input.txt");
    }

    static void server() throws Exception {
        Mark.next("server");
        Hold.keep(new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1")));
    }

    static void odd() throws Exception {
        Files.write(Path.of(ODD_NAME), List.of("odd"));
        Mark.next("odd");
        Hold.keep(new FileInputStream(ODD_NAME));
    }
}
