package io.leakwatch.it.apps;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario does with a resource it acquired: keep it reachable until exit (state {@code open}), close it
 * (nothing reported) or drop it so that it is garbage collected while open (state {@code leaked}).
 */
public final class Hold {
    public enum Mode { OPEN, CLOSED, LEAKED }

    /** Strong references to everything kept open until the JVM exits. */
    public static final List<Object> KEEP = new ArrayList<>();

    private static Mode mode = Mode.OPEN;

    private Hold() {
    }

    public static void mode(String name) {
        mode = Mode.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    public static Mode mode() {
        return mode;
    }

    /** Keeps, closes or drops {@code resource} as the current mode says. */
    public static void done(AutoCloseable resource) throws Exception {
        switch (mode) {
            case OPEN:
                KEEP.add(resource);
                break;
            case CLOSED:
                resource.close();
                break;
            case LEAKED:
                break;
        }
    }

    /** Keeps a resource whatever the mode. */
    public static void keep(Object resource) {
        KEEP.add(resource);
    }

    /** Makes dropped resources unreachable and collected before the agent's exit report. */
    public static void collect() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(150);
        }
    }
}
