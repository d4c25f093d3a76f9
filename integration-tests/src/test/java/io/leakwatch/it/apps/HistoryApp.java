package io.leakwatch.it.apps;

import java.io.File;
import java.io.FileInputStream;

/**
 * For the HTML report's charts of the open counts over a run. {@code leaks}: a file opened every 250 ms for 3.5 s
 * and kept (a line that climbs); {@code clean}: as many opened and closed at once (a line that stays at 0).
 */
public final class HistoryApp {
    private HistoryApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean leaks = args[0].equals("leaks");
        File file = File.createTempFile("leakwatch-history", ".txt");
        file.deleteOnExit();
        for (int i = 0; i < 14; i++) {
            FileInputStream in = new FileInputStream(file);
            if (leaks) {
                Hold.KEEP.add(in);
            } else {
                in.close();
            }
            Thread.sleep(250);
        }
        System.out.println("done");
    }
}
