package com.example.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads order files (CSV with a header line). */
public final class OrderFiles {
    private OrderFiles() {
    }

    /** The number of orders: the lines after the header. */
    public static long count(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.skip(1).count();
        }
    }

    /** The header line. Its bug, which the leak gate finds: the reader is never closed. */
    public static String header(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file); // the leak
        return reader.readLine();
    }
}
