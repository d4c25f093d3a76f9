package io.leakwatch.agent.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class TransformCacheTest {
    @TempDir
    Path tmp;

    private File jar() throws IOException {
        Path jar = tmp.resolve("agent.jar");
        if (!Files.exists(jar)) {
            writeJar(jar, "one");
        }
        return jar.toFile();
    }

    /** The jar's fingerprint as the agent computes it for a jar without the build's (the test's jar has none). */
    private String fingerprint() throws IOException {
        return TransformCache.contentsOf(jar());
    }

    /** A jar with one entry holding {@code text}. */
    private static void writeJar(Path jar, String text) throws IOException {
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("io/leakwatch/bootstrap/Hooks.class"));
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    /** {@code {input, output}} pairs. */
    private static List<byte[][]> pairs(byte[][]... pairs) {
        return List.of(pairs);
    }

    private static Map<String, List<byte[][]>> entries() {
        Map<String, List<byte[][]>> m = new LinkedHashMap<>();
        m.put("java.io.FileInputStream", pairs(new byte[][] {{1, 2, 3}, {4, 5, 6, 7}}, new byte[][] {{8, 9}, {10}}));
        m.put("sun.nio.ch.FileChannelImpl", pairs(new byte[][] {{9}, {}}));
        return m;
    }

    @Test
    void whatIsWrittenIsReadBackForTheSameKeyOnly() throws IOException {
        Path dir = tmp.resolve("cache");
        TransformCache cache = TransformCache.in(dir, fingerprint(), "file,socket");
        assertNotNull(cache);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(Map.of(), cache.read(), "nothing before the first write");
        cache.write(entries());
        Map<String, TransformCache.Entry> back = cache.read();
        assertEquals(entries().keySet(), back.keySet());
        TransformCache.Entry fis = back.get("java.io.FileInputStream");
        assertArrayEquals(new byte[] {4, 5, 6, 7}, fis.outputFor(new byte[] {1, 2, 3}), "the output of each form");
        assertArrayEquals(new byte[] {10}, fis.outputFor(new byte[] {8, 9}));
        assertNull(fis.outputFor(new byte[] {1, 2}), "a form no output was made from");
        assertArrayEquals(new byte[0], back.get("sun.nio.ch.FileChannelImpl").outputFor(new byte[] {9}));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file())));
        // other kinds: another file; the same kinds from another agent jar: the same file, but a different key
        assertEquals(2, TransformCache.in(dir, fingerprint(), "file,socket").read().size(), "the same jar again");
        TransformCache otherKinds = TransformCache.in(dir, fingerprint(), "file");
        assertFalse(otherKinds.file().equals(cache.file()));
        assertEquals(Map.of(), otherKinds.read());
        // another build of the same size, with the old file's time: still another jar
        long time = Files.getLastModifiedTime(jar().toPath()).toMillis();
        writeJar(jar().toPath(), "two");
        Files.setLastModifiedTime(jar().toPath(), java.nio.file.attribute.FileTime.fromMillis(time));
        TransformCache rebuilt = TransformCache.in(dir, fingerprint(), "file,socket");
        assertEquals(cache.file(), rebuilt.file());
        assertEquals(Map.of(), rebuilt.read(), "entries made by another agent jar are not used");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void anOutputIsGivenForItsOwnInputOrTheSameClassWithItsMembersInAnotherOrder() throws IOException {
        byte[] classFile = MemberOrderTest.classFile(MemberOrderTest.class);
        byte[] reordered = MemberOrder.withMembersSorted(classFile, (a, b) -> java.util.Arrays.compare(b, a));
        assertFalse(java.util.Arrays.equals(classFile, reordered), "the test needs two orders");
        TransformCache.Entry entry = TransformCache.Entry.of(pairs(new byte[][] {classFile, {1}}));
        assertArrayEquals(new byte[] {1}, entry.outputFor(classFile), "the class file it was made from");
        assertArrayEquals(new byte[] {1}, entry.outputFor(reordered), "the same class with its members in another order");
        byte[] changed = classFile.clone();
        changed[changed.length - 1] ^= 1;
        assertNull(entry.outputFor(changed), "a class file that differs in one byte");
        assertNull(entry.outputFor(new byte[] {1, 2, 3}), "not a class file");
    }

    @Test
    void aWriteKeepsTheFormsTheFileHadAndAtMostFourPerClass() throws IOException {
        TransformCache cache = TransformCache.in(tmp.resolve("cache"), fingerprint(), "file");
        cache.write(Map.of("java.io.FileInputStream", pairs(new byte[][] {{1}, {11}}, new byte[][] {{2}, {12}})));
        // another JVM meets a third form, and one the file has already, with another output
        cache.write(Map.of("java.io.FileInputStream", pairs(new byte[][] {{3}, {13}}, new byte[][] {{2}, {22}}),
                           "java.io.FileOutputStream", pairs(new byte[][] {{4}, {14}})));
        Map<String, TransformCache.Entry> back = cache.read();
        TransformCache.Entry fis = back.get("java.io.FileInputStream");
        assertArrayEquals(new byte[] {11}, fis.outputFor(new byte[] {1}), "kept from the file");
        assertArrayEquals(new byte[] {22}, fis.outputFor(new byte[] {2}), "the newer output of one form");
        assertArrayEquals(new byte[] {13}, fis.outputFor(new byte[] {3}), "added");
        assertArrayEquals(new byte[] {14}, back.get("java.io.FileOutputStream").outputFor(new byte[] {4}));
        assertEquals(3, fis.pairs().size());
        cache.write(Map.of("java.io.FileInputStream", pairs(new byte[][] {{5}, {15}}, new byte[][] {{6}, {16}})));
        fis = cache.read().get("java.io.FileInputStream");
        assertEquals(TransformCache.MAX_VARIANTS, fis.pairs().size(), "the oldest form is dropped");
        assertArrayEquals(new byte[] {15}, fis.outputFor(new byte[] {5}));
        assertArrayEquals(new byte[] {16}, fis.outputFor(new byte[] {6}));
        assertNull(fis.outputFor(new byte[] {1}), "the oldest form dropped");
        assertArrayEquals(new byte[] {14}, cache.read().get("java.io.FileOutputStream").outputFor(new byte[] {4}));
    }

    @Test
    void aFileOrDirectoryOthersCanWriteIsNotTrusted() throws IOException {
        Path dir = tmp.resolve("cache");
        TransformCache cache = TransformCache.in(dir, fingerprint(), "file");
        cache.write(entries());
        Files.setPosixFilePermissions(cache.file(), PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(Map.of(), cache.read(), "group-writable file");
        Files.setPosixFilePermissions(cache.file(), PosixFilePermissions.fromString("rw-------"));
        assertEquals(2, cache.read().size());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(TransformCache.in(dir, fingerprint(), "file"), "world-writable directory");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, dir);
        assertNull(TransformCache.in(link, fingerprint(), "file"), "a symbolic link as the directory");
    }

    @Test
    void aDamagedFileReadsAsEmpty() throws IOException {
        TransformCache cache = TransformCache.in(tmp.resolve("cache"), fingerprint(), "file");
        cache.write(entries());
        byte[] whole = Files.readAllBytes(cache.file());
        Files.write(cache.file(), java.util.Arrays.copyOf(whole, whole.length - 3));
        assertEquals(Map.of(), cache.read(), "truncated");
        Files.write(cache.file(), new byte[] {0, 0, 0, 0});
        assertEquals(Map.of(), cache.read(), "wrong magic");
    }
}
