package io.leakwatch.it.apps;

import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.LeakWatchEvent;
import io.leakwatch.bootstrap.LeakWatchListener;

import java.io.File;
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An application that listens to leakwatch itself (run with {@code limit.file=5,holdthreshold=400ms}): a listener
 * that throws on every event is added first, then one that records them. Each step waits for the events it causes
 * before the next, so their order is known:
 * <ol>
 *   <li>4 files kept open at {@code kept}: 80% of the limit, WARNING; then each held longer than 400 ms;</li>
 *   <li>a fifth at {@code fifth}: 100%, CRITICAL; then held too long;</li>
 *   <li>a sixth at {@code over}: the limit is reached (allowed, {@code onlimit=warn}); then held too long;</li>
 *   <li>the sixth dropped and collected, found leaked when the next file is opened (and closed) at {@code next};</li>
 *   <li>every file closed: NORMAL;</li>
 *   <li>the recording listener removed, one more file opened and dropped: it hears nothing more.</li>
 * </ol>
 * Prints {@code EVENT <type> <kind> <detail> <first frame> <thread>} for each recorded event, and {@code VAL} lines.
 */
public final class ListenerApp {
    private static final List<LeakWatchEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static final List<String> THREADS = new CopyOnWriteArrayList<>();

    private ListenerApp() {
    }

    public static void main(String[] args) throws Exception {
        LeakWatchListener throwing = e -> {
            throw new IllegalStateException("a listener's own bug");
        };
        LeakWatchListener recording = e -> {
            EVENTS.add(e);
            THREADS.add(Thread.currentThread().getName());
        };
        LeakWatchControl.addListener(throwing);
        LeakWatchControl.addListener(recording);
        File file = File.createTempFile("leakwatch-listener", ".txt");
        file.deleteOnExit();
        List<FileInputStream> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Mark.next("kept");
            open.add(new FileInputStream(file));
        }
        await(5);
        Mark.next("fifth");
        open.add(new FileInputStream(file));
        await(7);
        Mark.next("over");
        FileInputStream over = new FileInputStream(file);
        await(9);
        over = null;
        Hold.collect();
        Mark.next("next");
        new FileInputStream(file).close();
        await(10);
        for (FileInputStream in : open) {
            in.close();
        }
        await(11);
        Mark.val("removed", LeakWatchControl.removeListener(recording));
        Mark.next("unheard");
        new FileInputStream(file);
        Hold.collect();
        new FileInputStream(file).close();
        Thread.sleep(1500);
        for (int i = 0; i < EVENTS.size(); i++) {
            LeakWatchEvent e = EVENTS.get(i);
            String detail;
            switch (e.type()) {
                case STATE_CHANGED:
                    detail = e.previousState() + "->" + e.state();
                    break;
                case LIMIT_REACHED:
                    detail = e.open() + "/" + e.limit() + (e.refused() ? " refused" : " allowed");
                    break;
                default:
                    detail = e.heldMillis() >= 400 || e.type() == LeakWatchEvent.Type.LEAK_FOUND ? "held" : "early";
                    break;
            }
            String frame = e.type() == LeakWatchEvent.Type.LIMIT_REACHED ? e.topSite()
                : e.stack().isEmpty() ? "-" : e.stack().get(0);
            System.out.println("EVENT " + e.type() + " " + e.kind() + " " + detail + " " + frame + " "
                               + THREADS.get(i));
        }
        Mark.val("dropped", LeakWatchControl.droppedEvents());
        System.out.println("done");
    }

    /** Waits until {@code n} events were recorded (10 s at most). */
    private static void await(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (EVENTS.size() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        if (EVENTS.size() < n) {
            System.out.println("TIMEOUT waiting for " + n + " events: " + EVENTS);
        }
    }
}
