package io.leakwatch.it.apps;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios for the trace ({@code trace=FILE}, with {@code trace.kinds=file}).
 *
 * <pre>
 * known    (with limit.file=3,onlimit=fail) 3 files opened at {@code a}, 2 closed at {@code close}, one kept; one
 *          opened at {@code dropped} and dropped, found leaked when a file is opened (and closed) at {@code next}; 2
 *          opened at {@code fill} (3 open: the limit), one refused at {@code refused}, the 2 closed: 7 acquisitions, 5
 *          releases, 1 leak, 1 refusal
 * loop N   N files opened and closed
 * fill N   as loop, then the application writes its own 2,000-byte data file and reads it back (run under a file
 *          size limit: the trace cannot grow, the data and the report must); prints the LeakWatch MBean's
 *          {@code TraceDroppedEvents}
 * </pre>
 */
public final class TraceApp {
    private TraceApp() {
    }

    public static void main(String[] args) throws Exception {
        File file = File.createTempFile("leakwatch-trace", ".txt");
        file.deleteOnExit();
        switch (args[0]) {
            case "known":
                known(file);
                break;
            case "loop":
                loop(file, Integer.parseInt(args[1]));
                break;
            case "fill":
                loop(file, Integer.parseInt(args[1]));
                Path data = Path.of("data.bin");
                byte[] bytes = new byte[2000];
                java.util.Arrays.fill(bytes, (byte) 'x');
                try (FileOutputStream out = new FileOutputStream(data.toFile())) {
                    out.write(bytes);
                }
                Mark.val("data", Files.readString(data, StandardCharsets.ISO_8859_1).length());
                // the writer has met the limit by now (it writes every 10 ms): its drops are on the MBean. Read on a
                // thread of its own: this one spent its stack budget, so what the JDK opens to make the MBeanServer
                // could not be told from the application's files here
                Thread.sleep(300);
                Object[] dropped = new Object[1];
                Thread reader = new Thread(() -> {
                    try {
                        dropped[0] = java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                            new javax.management.ObjectName("io.leakwatch:type=LeakWatch"), "TraceDroppedEvents");
                    } catch (Exception e) {
                        dropped[0] = e;
                    }
                });
                reader.start();
                reader.join();
                Mark.val("traceDropped", dropped[0]);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
    }

    static void known(File file) throws Exception {
        List<FileInputStream> a = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Mark.next("a");
            a.add(new FileInputStream(file));
        }
        for (int i = 0; i < 2; i++) {
            Mark.next("close");
            a.get(i).close();
        }
        Hold.KEEP.add(a.get(2));
        a.clear();
        Mark.next("dropped");
        FileInputStream dropped = new FileInputStream(file);
        Mark.val("droppedOpen", dropped.available() >= 0);
        dropped = null;
        Hold.collect();
        Mark.next("next");
        new FileInputStream(file).close();
        List<FileInputStream> fill = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Mark.next("fill");
            fill.add(new FileInputStream(file));
        }
        try {
            Mark.next("refused");
            new FileInputStream(file);
            Mark.val("refused", "no");
        } catch (FileNotFoundException e) {
            Mark.val("refused", "yes");
        }
        for (FileInputStream in : fill) {
            in.close();
        }
    }

    static void loop(File file, int n) throws Exception {
        // no line printed per file: a run under a file size limit has a small standard output too
        for (int i = 0; i < n; i++) {
            new FileInputStream(file).close();
        }
    }
}
