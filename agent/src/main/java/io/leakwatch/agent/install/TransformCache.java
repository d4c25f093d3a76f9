package io.leakwatch.agent.install;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The JDK classes as the agent instrumented them in an earlier JVM, kept in a file of the user's own cache directory so
 * that the next JVM can apply them without loading Byte Buddy: instrumenting the JDK's file, socket and pool classes
 * with Byte Buddy is most of the agent's start-up (about 0.7 s on a 2-core machine), paid again by every JVM of a
 * test suite.
 *
 * <p>An entry is used only when the class's bytes as the JVM hands them to the agent are those one of its outputs was
 * made from (compared in full, not by hash, but for the order of the class's members: see {@link MemberOrder}), and
 * the file was made for everything else the instrumented bytes depend on: the agent jar (its entries' names, sizes and
 * checksums), the JDK (home, version) and the kinds tracked. There is one file per JDK and set of kinds, so a
 * rebuilt or upgraded agent replaces its file rather than adding one. Since the classes go into {@code java.base},
 * the file is trusted only as far as the user's own files are: the directory and the file must belong to the user
 * running the JVM, must not be symbolic links, and must not be writable by group or others; otherwise the cache is
 * not used. A file is written to a temporary name and renamed, so a JVM never reads half of one.
 *
 * <p>A class comes in more than one form (see {@link InstrumentedClasses}), and which one a JVM hands over depends on
 * how it runs (with the CDS archive or {@code -Xshare:off}, say): each entry keeps an output for each form seen, and a
 * JVM that meets a new form instruments that class with Byte Buddy and adds it. With one output per class, JVMs
 * started two ways replaced each other's file and every one of them paid Byte Buddy's full start.
 *
 * <p>Thread-safe (immutable; each call reads or writes the file on its own).
 *
 * <p>A little over the project's usual size: the file's format and its trust checks are read and written in this one
 * class, so that the reader and the writer cannot disagree.
 */
final class TransformCache {
    /** The file's first bytes; a different format version is a different magic. */
    private static final int MAGIC = 0x4C574334; // "LWC4"
    /** Larger files are not read: the JDK classes the agent instruments come to about 2 MiB (in and out). */
    private static final long MAX_BYTES = 32L << 20;
    /**
     * The application classes' file is kept under this: it gathers the drivers and pools of every project the user
     * builds, and a JVM that loads one of them reads the whole file into its heap (which may be 25 MB). A project's
     * driver and pool come to about 150 KB; the classes made most recently are kept first.
     */
    static final long MAX_APPLICATION_BYTES = 2L << 20;
    /**
     * The most forms of one class kept (see {@link InstrumentedClasses}): the boot loader's class file, the class
     * rebuilt from the CDS archive, rebuilt after a retransformation, and one more (another agent's change, say).
     */
    static final int MAX_VARIANTS = 4;
    private static final Set<PosixFilePermission> SHARED_WRITE =
        Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Path file;
    private final String key;
    /** The largest file read or written. */
    private final long maxBytes;

    private TransformCache(Path file, String key, long maxBytes) {
        this.file = file;
        this.key = key;
        this.maxBytes = maxBytes;
    }

    /**
     * The cache for this agent jar, JDK and {@code plansKey} (what decides the instrumentation: the kinds tracked) in
     * {@code dir}, which is created (owner-only) when missing; {@code null} when {@code dir} cannot be used safely.
     */
    static TransformCache in(Path dir, String agentFingerprint, String plansKey) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
            if (!ownedByUser(dir)) {
                return null;
            }
            String jdk = System.getProperty("java.home") + ";" + System.getProperty("java.vm.version");
            String naming = jdk + ";" + plansKey;
            // the file's name leaves the agent jar out (a rebuilt agent replaces its file); the full key is stored in
            // the file and compared when read
            String key = "agent=" + agentFingerprint + "\njdk=" + jdk + ";"
                         + System.getProperty("java.runtime.version") + "\nplans=" + plansKey;
            CRC32C crc = new CRC32C();
            byte[] nameBytes = naming.getBytes(StandardCharsets.UTF_8);
            crc.update(nameBytes, 0, nameBytes.length);
            return new TransformCache(dir.resolve(String.format("jdk-classes-%08x.bin", crc.getValue())), key,
                                      MAX_BYTES);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * What the agent jar holds, from its central directory: every entry's name, size and CRC-32, folded into one
     * number; for a jar without the fingerprint the build writes ({@link AgentJarPacking#FINGERPRINT}), which the
     * agent reads instead (walking the directory costs about 9 ms at every start). Cached classes call the jar's
     * bootstrap package, so an entry made by another build must never be used, even one of the same size copied with
     * its time.
     */
    static String contentsOf(File jar) throws IOException {
        CRC32C crc = new CRC32C();
        int n = 0;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar)) {
            for (java.util.Enumeration<? extends java.util.zip.ZipEntry> e = zip.entries(); e.hasMoreElements(); n++) {
                java.util.zip.ZipEntry entry = e.nextElement();
                byte[] name = entry.getName().getBytes(StandardCharsets.UTF_8);
                crc.update(name, 0, name.length);
                long[] numbers = {entry.getCrc(), entry.getSize()};
                for (long v : numbers) {
                    for (int shift = 0; shift < 64; shift += 8) {
                        crc.update((int) (v >>> shift));
                    }
                }
            }
        }
        return n + " entries, " + Long.toHexString(crc.getValue());
    }

    /**
     * The cache of the application's classes kept beside this one ({@link AppClassCache}): same directory, same
     * key, its own file, read only by a JVM that loads an application class to instrument.
     */
    TransformCache forApplication() {
        String name = file.getFileName().toString().replace("jdk-classes-", "app-classes-");
        return new TransformCache(file.resolveSibling(name), key + "\nclasses=application", MAX_APPLICATION_BYTES);
    }

    /** The file this cache reads and writes (for messages and tests). */
    Path file() {
        return file;
    }

    /**
     * The entries stored for this key, by binary class name; empty when there is no file, or it is not trustworthy,
     * was made for another key, or is damaged. The file is read in one piece, and the entries refer to it: nothing is
     * copied until an output is given.
     */
    Map<String, Entry> read() {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !ownedByUser(file)) {
                return Map.of();
            }
            byte[] data;
            // one read of the whole file, with a class the JVM has loaded already (a file channel loads about 30)
            try (java.io.RandomAccessFile in = new java.io.RandomAccessFile(file.toFile(), "r")) {
                long size = in.length();
                if (size > maxBytes) {
                    return Map.of();
                }
                data = new byte[(int) size];
                in.readFully(data);
            }
            Cursor c = new Cursor(data);
            if (c.u4() != MAGIC || !key.equals(c.utf())) {
                return Map.of();
            }
            int n = c.u4();
            Map<String, Entry> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = c.utf();
                int variants = c.u4();
                if (variants < 0 || variants > MAX_VARIANTS) {
                    return Map.of();
                }
                int[] spans = new int[4 * variants];
                for (int v = 0; v < 4 * variants; v += 2) {
                    spans[v + 1] = c.u4();
                    spans[v] = c.skip(spans[v + 1]);
                }
                out.put(name, new Entry(data, spans));
            }
            return out;
        } catch (IOException | RuntimeException damaged) {
            return Map.of();
        }
    }

    /**
     * Adds {@code made} (binary class name to its {@code {input, output}} pairs) to the file, or makes it: each class
     * keeps the pairs made now, then those the file had whose input is another, at most {@link #MAX_VARIANTS}. The
     * file's pairs stay valid, since it was made for the same key: each output was made from exactly its input.
     * Written to a temporary file in the same directory (owner-only, as {@code createTempFile} makes it) and renamed,
     * so readers see the old file or the new one. A failure leaves the cache as it was.
     */
    void write(Map<String, List<byte[][]>> made) {
        Map<String, List<byte[][]>> merged = new LinkedHashMap<>();
        for (Map.Entry<String, List<byte[][]>> e : made.entrySet()) {
            merged.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        for (Map.Entry<String, Entry> e : read().entrySet()) {
            List<byte[][]> pairs = merged.get(e.getKey());
            if (pairs == null) {
                pairs = new ArrayList<>();
                merged.put(e.getKey(), pairs);
            }
            for (byte[][] old : e.getValue().pairs()) {
                if (!InstrumentedClasses.hasInput(pairs, old[0])) {
                    pairs.add(old);
                }
            }
        }
        merged = withinBudget(merged);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeUTF(key);
                out.writeInt(merged.size());
                for (Map.Entry<String, List<byte[][]>> e : merged.entrySet()) {
                    out.writeUTF(e.getKey());
                    List<byte[][]> pairs = e.getValue().subList(0, Math.min(MAX_VARIANTS, e.getValue().size()));
                    out.writeInt(pairs.size());
                    for (byte[][] p : pairs) {
                        writeBytes(out, p[0]);
                        writeBytes(out, p[1]);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            // not written: start-up stays as it was without a cache
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException | RuntimeException ignored) {
                    // a stray temporary file in the user's cache directory; nothing reads it
                }
            }
        }
    }

    /**
     * One class's cached instrumentations: each output with the exact bytes it was made from (see
     * {@link InstrumentedClasses}), as spans of the file read.
     *
     * <p>Thread-safe (immutable).
     */
    static final class Entry {
        private final byte[] data;
        /** For each pair: the input's offset and length, then the output's. */
        private final int[] spans;

        Entry(byte[] data, int[] spans) {
            this.data = data;
            this.spans = spans;
        }

        /** An entry holding {@code pairs} ({@code {input, output}}), for tests and callers that have no file. */
        static Entry of(List<byte[][]> pairs) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            int[] spans = new int[4 * pairs.size()];
            int i = 0;
            for (byte[][] p : pairs) {
                for (byte[] b : p) {
                    spans[i++] = all.size();
                    spans[i++] = b.length;
                    all.write(b, 0, b.length);
                }
            }
            return new Entry(all.toByteArray(), spans);
        }

        /**
         * The output made from {@code input}: from exactly these bytes, or, failing that, from a class file that
         * differs from them only in the order of its members (see {@link MemberOrder}); {@code null} when none was.
         */
        byte[] outputFor(byte[] input) {
            for (int v = 0; v < spans.length; v += 4) {
                if (spans[v + 1] == input.length
                    && Arrays.equals(data, spans[v], spans[v] + spans[v + 1], input, 0, input.length)) {
                    return Arrays.copyOfRange(data, spans[v + 2], spans[v + 2] + spans[v + 3]);
                }
            }
            byte[] canonical = null;
            for (int v = 0; v < spans.length; v += 4) {
                if (spans[v + 1] != input.length) {
                    continue; // sorting members changes no length
                }
                if (canonical == null) {
                    canonical = MemberOrder.canonical(input);
                    if (canonical == null) {
                        return null;
                    }
                }
                if (Arrays.equals(canonical, MemberOrder.canonical(
                        Arrays.copyOfRange(data, spans[v], spans[v] + spans[v + 1])))) {
                    return Arrays.copyOfRange(data, spans[v + 2], spans[v + 2] + spans[v + 3]);
                }
            }
            return null;
        }

        /** Copies of the {@code {input, output}} pairs. */
        List<byte[][]> pairs() {
            List<byte[][]> out = new ArrayList<>(spans.length / 4);
            for (int v = 0; v < spans.length; v += 4) {
                out.add(new byte[][] {Arrays.copyOfRange(data, spans[v], spans[v] + spans[v + 1]),
                                      Arrays.copyOfRange(data, spans[v + 2], spans[v + 2] + spans[v + 3])});
            }
            return out;
        }
    }

    /** Reads the file's numbers and strings as {@code DataOutputStream} wrote them. Not thread-safe. */
    private static final class Cursor {
        private final byte[] data;
        private int pos;

        Cursor(byte[] data) {
            this.data = data;
        }

        int u4() {
            int v = ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8)
                    | (data[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        /** Skips {@code length} bytes, returning where they began; throws when the file ends before. */
        int skip(int length) {
            if (length < 0 || length > data.length - pos) {
                throw new IllegalStateException("bad length " + length);
            }
            int start = pos;
            pos += length;
            return start;
        }

        /** A string {@code writeUTF} wrote: the names and key are ASCII, and anything else matches nothing. */
        String utf() {
            int length = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            pos += 2;
            int start = skip(length);
            return new String(data, start, length, StandardCharsets.UTF_8);
        }
    }

    /** Whether {@code path} (not followed if a link) belongs to the user running the JVM and only they may write it. */
    private static boolean ownedByUser(Path path) throws IOException {
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink() || !a.owner().getName().equals(System.getProperty("user.name"))) {
                return false;
            }
            for (PosixFilePermission p : a.permissions()) {
                if (SHARED_WRITE.contains(p)) {
                    return false;
                }
            }
            return true;
        } catch (UnsupportedOperationException notPosix) {
            // no owner and permission bits to check (Windows): not trusted
            return false;
        }
    }

    /**
     * The classes and pairs of {@code merged}, in order, as many as fit in a file of {@link #maxBytes} (this JVM's
     * come first, so the oldest are dropped): a file larger than that would not be read.
     */
    private Map<String, List<byte[][]>> withinBudget(Map<String, List<byte[][]>> merged) {
        long size = 4 + 2 + key.length() + 4;
        Map<String, List<byte[][]>> kept = new LinkedHashMap<>();
        for (Map.Entry<String, List<byte[][]>> e : merged.entrySet()) {
            long classSize = 2 + e.getKey().length() + 4;
            List<byte[][]> pairs = new ArrayList<>();
            for (byte[][] p : e.getValue().subList(0, Math.min(MAX_VARIANTS, e.getValue().size()))) {
                long pairSize = 8L + p[0].length + p[1].length;
                if (size + classSize + pairSize > maxBytes) {
                    break;
                }
                pairs.add(p);
                classSize += pairSize;
            }
            if (pairs.isEmpty()) {
                // full: the classes after it are older still
                break;
            }
            kept.put(e.getKey(), pairs);
            size += classSize;
        }
        return kept;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }
}
