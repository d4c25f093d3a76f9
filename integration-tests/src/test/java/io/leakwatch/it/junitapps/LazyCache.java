package io.leakwatch.it.junitapps;

import java.io.FileOutputStream;
import java.io.IOException;

/** A cache that opens its file on first use and keeps it open: what {@code @LeakCheck(allow = ...)} is for. */
final class LazyCache {
    private static FileOutputStream file;

    private LazyCache() {
    }

    static synchronized FileOutputStream get() throws IOException {
        if (file == null) {
            file = open();
        }
        return file;
    }

    private static FileOutputStream open() throws IOException {
        return new FileOutputStream("cache.bin");
    }
}
