package io.leakwatch.it.apps;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stacks=adaptive}: a loop opens {@code args[0]} streams from one site as fast as it can and keeps them open
 * (far above the per-thread rate whose stacks are all recorded), then one more stream is opened from another site.
 */
public final class AdaptiveStacksApp {
    private static final List<FileInputStream> HELD = new ArrayList<>();

    private AdaptiveStacksApp() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Path file = Files.createDirectories(Path.of("data")).resolve("in.txt");
        Files.writeString(file, "x");
        String path = "data/in.txt";
        Mark.next("loop");
        for (int i = 0; i < n; i++) { HELD.add(new FileInputStream(path)); }
        Mark.next("single");
        HELD.add(new FileInputStream(path));
        System.out.println("held " + HELD.size());
        System.out.println("done");
    }
}
