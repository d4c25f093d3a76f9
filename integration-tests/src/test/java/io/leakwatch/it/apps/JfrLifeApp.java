package io.leakwatch.it.apps;

import java.io.File;
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Every acquisition and release in a JDK Flight Recorder recording: a file opened at {@code quick} and closed at once
 * at {@code quickClose}; 2 opened at {@code held}, held 400 ms and closed at {@code heldClose}; 1 opened at {@code
 * kept} and never closed. Prints {@code VAL file <path>}.
 */
public final class JfrLifeApp {
    private JfrLifeApp() {
    }

    public static void main(String[] args) throws Exception {
        File file = File.createTempFile("leakwatch-jfr-life", ".txt");
        file.deleteOnExit();
        Mark.val("file", file.getName());
        Mark.next("quick");
        FileInputStream quick = new FileInputStream(file);
        Mark.next("quickClose");
        quick.close();
        List<FileInputStream> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Mark.next("held");
            held.add(new FileInputStream(file));
        }
        Thread.sleep(400);
        Mark.next("heldClose");
        for (FileInputStream s : held) { s.close(); }
        Mark.next("kept");
        Hold.KEEP.add(new FileInputStream(file));
        System.out.println("done");
    }
}
