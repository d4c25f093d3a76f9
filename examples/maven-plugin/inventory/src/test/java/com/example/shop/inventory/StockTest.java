package com.example.shop.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StockTest {
    @Test
    void countsItems(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("stock.txt"), "apples 3\npears 5\n");
        assertEquals(2, Stock.items(file));
    }

    @Test
    void keepsTheModulesOwnArgLine() {
        // set by this module's <argLine>: the plugin added the agent without replacing it
        assertEquals("strict", System.getProperty("inventory.mode"));
    }
}
