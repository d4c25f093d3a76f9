package com.example.shop.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderFilesTest {
    @Test
    void countsOrders(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("orders.csv"), "id,total\n1,10\n2,20\n");
        assertEquals(2, OrderFiles.count(file));
    }

    @Test
    void readsTheHeader(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("orders.csv"), "id,total\n1,10\n");
        assertEquals("id,total", OrderFiles.header(file));
    }
}
