package io.leakwatch.it.apps;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogManager;

/**
 * A service watched over JMX (JmxTest). Its first line checks that no leakwatch MBean exists yet (the agent must not
 * register before {@code main}). Then it holds a known set of resources: 10 files open from site {@code held}, 4
 * opened at site {@code closed} and closed after 200 ms at site {@code closing}, one fixed thread pool ({@code pool}); prints {@code READY}
 * and obeys commands on stdin, one a line:
 * <ul>
 *   <li>{@code open-more N}: opens N more files at site {@code more} and keeps them;</li>
 *   <li>{@code close-held}: closes the 10 held files;</li>
 *   <li>{@code beans}: prints {@code VAL beans <n>}, the leakwatch MBeans in the platform MBeanServer;</li>
 *   <li>{@code exit}.</li>
 * </ul>
 * Each command is answered by {@code DONE <command>}.
 *
 * <p>Modes (first argument): {@code service} as above; {@code custom}: as above, after checking that the JVM's
 * MBeanServer builder and log manager are the application's ({@link Builder}, {@link AppLogManager}, chosen by
 * {@code -D} or, with {@code custom-in-main}, by {@code System.setProperty} as the first thing {@code main} does);
 * {@code nojmx}: waits 3 s, then prints whether the live view's thread exists and how many leakwatch beans are
 * registered.
 */
public final class LiveApp {
    private static final List<FileInputStream> HELD = new ArrayList<>();
    private static final List<FileInputStream> MORE = new ArrayList<>();

    private LiveApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "service";
        if (mode.equals("custom-in-main")) {
            System.setProperty("javax.management.builder.initial", Builder.class.getName());
            System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
        }
        // without creating any MBeanServer: the platform one may not exist yet, and must not be made by this check
        Mark.val("beansAtMain", leakwatchBeansInExistingServers());
        Mark.val("liveThreadAtMain", liveThreadExists());
        if (mode.equals("nojmx")) {
            Thread.sleep(3000);
            // nobody has asked for the platform MBeanServer: the agent must not have made one, nor its thread
            Mark.val("liveThread", liveThreadExists());
            Mark.val("servers", MBeanServerFactory.findMBeanServer(null).size());
            Mark.val("beans", ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.leakwatch:*"), null).size());
            Mark.val("liveThreadAfter", liveThreadExists());
            System.out.println("done");
            return;
        }
        File file = File.createTempFile("leakwatch-live", ".txt");
        file.deleteOnExit();
        for (int i = 0; i < 10; i++) {
            Mark.next("held");
            HELD.add(new FileInputStream(file));
        }
        List<FileInputStream> closing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Mark.next("closed");
            closing.add(new FileInputStream(file));
        }
        Mark.next("pool");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Hold.keep(pool);
        Thread.sleep(200);
        for (FileInputStream in : closing) {
            Mark.next("closing");
            in.close();
        }
        if (mode.startsWith("custom")) {
            Mark.val("serversBefore", MBeanServerFactory.findMBeanServer(null).size());
            // the application makes the platform MBeanServer: the agent's beans are in it when the call returns
            MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
            Mark.val("builderCalls", Builder.CALLS.get());
            Mark.val("platformBeans", platform.queryNames(new ObjectName("io.leakwatch:*"), null).size());
            Mark.val("logManager", LogManager.getLogManager().getClass().getName());
        }
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] cmd = line.trim().split(" ");
            switch (cmd[0]) {
                case "open-more":
                    for (int i = 0; i < Integer.parseInt(cmd[1]); i++) {
                        Mark.next("more");
                        MORE.add(new FileInputStream(file));
                    }
                    break;
                case "close-held":
                    for (FileInputStream f : HELD) {
                        f.close();
                    }
                    HELD.clear();
                    break;
                case "beans":
                    Mark.val("beans", ManagementFactory.getPlatformMBeanServer()
                        .queryNames(new ObjectName("io.leakwatch:*"), null).size());
                    break;
                case "exit":
                    System.out.println("DONE exit");
                    pool.shutdown();
                    return;
                default:
                    System.out.println("unknown command " + line);
            }
            System.out.println("DONE " + cmd[0]);
        }
    }

    /** leakwatch MBeans in the MBeanServers that exist, without creating one. */
    static int leakwatchBeansInExistingServers() throws Exception {
        int n = 0;
        for (MBeanServer s : MBeanServerFactory.findMBeanServer(null)) {
            n += s.queryNames(new ObjectName("io.leakwatch:*"), null).size();
        }
        return n;
    }

    static boolean liveThreadExists() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("leakwatch-live")) {
                return true;
            }
        }
        return false;
    }

    /** The application's own MBeanServer builder: counts the servers it builds. */
    public static final class Builder extends MBeanServerBuilder {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
            CALLS.incrementAndGet();
            return super.newMBeanServer(defaultDomain, outer, delegate);
        }
    }

    /** The application's own log manager. */
    public static final class AppLogManager extends LogManager {
    }
}
