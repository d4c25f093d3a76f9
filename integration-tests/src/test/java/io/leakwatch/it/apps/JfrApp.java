package io.leakwatch.it.apps;

import java.io.File;
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A leaking program for a JDK Flight Recorder recording (run with {@code limit.file=3,holdthreshold=300ms}): 3 files
 * kept open at {@code kept}; a fourth at {@code over} reaches the limit (allowed) and is dropped, found leaked when a
 * file is opened and closed at {@code next}; then 2.5 s for the kept ones to be held too long and the open counts to
 * be recorded every second.
 */
public final class JfrApp {
    private JfrApp() {
    }

    public static void main(String[] args) throws Exception {
        File file = File.createTempFile("leakwatch-jfr", ".txt");
        file.deleteOnExit();
        List<FileInputStream> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Mark.next("kept");
            kept.add(new FileInputStream(file));
        }
        Mark.next("over");
        FileInputStream over = new FileInputStream(file);
        Mark.val("overOpen", over.available() >= 0);
        over = null;
        Hold.collect();
        Mark.next("next");
        new FileInputStream(file).close();
        Thread.sleep(2500);
        Hold.KEEP.addAll(kept);
        System.out.println("done");
    }
}
