package com.example.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ordinary tests, no leakwatch annotation: the auto-detected extension checks both. countsOrders() passes;
 * readsTheHeader() passes its own assertion but fails the leak check, because OrderFiles.header() leaves its reader
 * open.
 */
class OrderFilesTest {
    @TempDir
    Path dir;

    Path orders() throws IOException {
        return Files.writeString(dir.resolve("orders.csv"), "id,amount\n1,10.00\n2,25.50\n3,7.25\n");
    }

    @Test
    void countsOrders() throws IOException {
        assertEquals(3, OrderFiles.count(orders()));
    }

    @Test
    void readsTheHeader() throws IOException {
        assertEquals("id,amount", OrderFiles.header(orders()));
    }
}
