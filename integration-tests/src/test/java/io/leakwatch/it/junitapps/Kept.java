package io.leakwatch.it.junitapps;

import io.leakwatch.it.apps.Mark;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Resources the scenarios leave open on purpose, kept reachable so that they stay open (not leaked) until exit. */
final class Kept {
    static final List<Object> ALL = Collections.synchronizedList(new ArrayList<>());

    private Kept() {
    }

    static <T> T keep(T resource) {
        ALL.add(resource);
        return resource;
    }

    /** Closes {@code c} on a new daemon thread after {@code millis}. */
    static void closeLater(Closeable c, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
                c.close();
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        }, "closer");
        t.setDaemon(true);
        Mark.next("closer");
        t.start();
    }

    /** {@code new FileOutputStream(name)} without a checked exception, for static initializers. */
    static FileOutputStream create(String name) {
        try {
            return new FileOutputStream(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
