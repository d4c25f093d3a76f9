package io.leakwatch.it.apps;

import java.io.Closeable;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM started without the agent, for the {@code attach} command: it opens three files and keeps them, then opens
 * and closes files in a loop (so the file classes are loaded and compiled before the attach) and prints
 * {@code ready}. When the file named by {@code args[0]} appears (the test creates it after attaching), it closes the
 * three files opened before the attach (closes the agent never saw opened), opens {@code args[1]} files from one site
 * and keeps them until exit.
 */
public final class AttachApp {
    private AttachApp() {
    }

    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Path file = Files.writeString(Path.of("attach.txt"), "x");
        List<Closeable> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            before.add(new FileInputStream(file.toFile()));
        }
        System.out.println("ready");
        System.out.flush();
        long deadline = System.currentTimeMillis() + 50_000;
        while (!Files.exists(go) && System.currentTimeMillis() < deadline) {
            new FileInputStream(file.toFile()).close();
            Thread.sleep(5);
        }
        for (Closeable c : before) {
            c.close();
        }
        for (int i = 0; i < n; i++) {
            Mark.next("after-attach");
            Hold.keep(new FileInputStream(file.toFile()));
        }
        System.out.println("done");
    }
}
