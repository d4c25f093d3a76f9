package com.example.fork;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads an index and never closes the file: the only leak of this project. */
class ArchiveTest {
    /** Keeps the file reachable, so that it is open (not leaked) when the fork ends. */
    static final List<RandomAccessFile> KEPT = new ArrayList<>();

    @Test
    void readsTheIndex(@TempDir Path dir) throws Exception {
        Path index = Files.write(dir.resolve("index.bin"), new byte[] {7, 1, 2});
        RandomAccessFile file = new RandomAccessFile(index.toFile(), "r"); // the leak
        KEPT.add(file);
        assertEquals(7, file.read());
    }
}
