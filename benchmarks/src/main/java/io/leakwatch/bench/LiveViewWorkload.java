package io.leakwatch.bench;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The live view under load, run with the agent by {@link BenchmarkRunner} ({@code -Donly=live}): opens {@code n}
 * JDBC connections from {@link BenchDriver} (tracked through the agent's real JDBC hooks) and keeps them open, waits
 * for the MBeans, then times, through the platform MBeanServer (the path a JMX connector's calls take in the JVM):
 * reading every attribute of every leakwatch MBean (the first read; reads 1.1 s apart, as a console refreshing;
 * reads back to back), and the full report in text and JSON. Prints
 * {@code LIVE <name> <value>} lines.
 *
 * <p>Not thread-safe: a command-line program.
 */
final class LiveViewWorkload {
    private LiveViewWorkload() {
    }

    static void run(int n) throws Exception {
        BenchDriver driver = new BenchDriver();
        List<Connection> open = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            open.add(driver.connect("jdbc:bench:live", new Properties()));
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName leakwatch = new ObjectName("io.leakwatch:type=LeakWatch");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!server.isRegistered(leakwatch)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the leakwatch MBeans were not registered within 30 s");
            }
            Thread.sleep(50);
        }
        Map<ObjectName, String[]> attributes = new TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName("io.leakwatch:*"), null)) {
            MBeanAttributeInfo[] info = server.getMBeanInfo(name).getAttributes();
            attributes.put(name, Arrays.stream(info).map(MBeanAttributeInfo::getName).toArray(String[]::new));
        }
        long tracked = (Long) server.getAttribute(new ObjectName("io.leakwatch:type=Resources,kind=jdbc"), "OpenCount");
        if (tracked != n) {
            throw new IllegalStateException("expected " + n + " open jdbc connections, the MBean says " + tracked);
        }
        // the live view's thread groups the open records by site every second; a read finds them grouped
        Thread.sleep(1500);
        double first = readAll(server, attributes);
        double[] refreshing = new double[5];
        for (int i = 0; i < refreshing.length; i++) {
            // as a JConsole refreshing its attributes every second or so
            Thread.sleep(1100);
            refreshing[i] = readAll(server, attributes);
        }
        double[] warm = new double[20];
        for (int i = 0; i < warm.length; i++) {
            warm[i] = readAll(server, attributes);
        }
        double[] text = new double[3];
        double[] json = new double[3];
        int textLength = 0;
        for (int i = 0; i < text.length; i++) {
            long t0 = System.nanoTime();
            textLength = ((String) server.invoke(leakwatch, "report", new Object[] {"text"},
                                                 new String[] {String.class.getName()})).length();
            long t1 = System.nanoTime();
            server.invoke(leakwatch, "report", new Object[] {"json"}, new String[] {String.class.getName()});
            long t2 = System.nanoTime();
            text[i] = (t1 - t0) / 1e6;
            json[i] = (t2 - t1) / 1e6;
        }
        int count = 0;
        for (String[] a : attributes.values()) {
            count += a.length;
        }
        System.out.println("LIVE open " + n + " (" + attributes.size() + " MBeans, " + count + " attributes)");
        System.out.printf(Locale.ROOT, "LIVE read-all-first-ms %.1f%n", first);
        System.out.printf(Locale.ROOT, "LIVE read-all-every-1.1s-ms %.1f (median of %d)%n", median(refreshing),
                          refreshing.length);
        System.out.printf(Locale.ROOT, "LIVE read-all-back-to-back-ms %.2f%n", median(warm));
        System.out.printf(Locale.ROOT, "LIVE report-text-ms %.0f (%d chars)%n", median(text), textLength);
        System.out.printf(Locale.ROOT, "LIVE report-json-ms %.0f%n", median(json));
        System.out.println("RESULT " + median(refreshing));
        if (open.size() != n) {
            throw new AssertionError();
        }
    }

    /** Reads every attribute of every bean once; milliseconds. */
    private static double readAll(MBeanServer server, Map<ObjectName, String[]> attributes) throws Exception {
        long t0 = System.nanoTime();
        for (Map.Entry<ObjectName, String[]> e : attributes.entrySet()) {
            for (String a : e.getValue()) {
                server.getAttribute(e.getKey(), a);
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
