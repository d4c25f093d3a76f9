package com.example.shop.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Stock levels kept one line per item in a file. */
public final class Stock {
    private Stock() {
    }

    /** How many items the file lists; the stream is closed. */
    public static long items(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }
}
