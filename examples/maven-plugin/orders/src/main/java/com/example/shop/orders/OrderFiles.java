package com.example.shop.orders;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Orders kept as CSV files. */
public final class OrderFiles {
    private OrderFiles() {
    }

    /** How many orders the file holds; the reader is closed. */
    public static long count(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            return in.lines().skip(1).count();
        }
    }

    /** The file's header line. The bug leakwatch finds: the reader is never closed. */
    public static String header(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file); // the leak
        return in.readLine();
    }
}
