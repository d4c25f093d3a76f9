package io.leakwatch.agent.premain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The agent's private files (its internals, Byte Buddy, Jackson, ...: about 3,900) in one stored entry of the agent
 * jar, with an index of its own. A jar holding them as entries costs every JVM that starts the agent: the system class
 * loader opens the {@code -javaagent:} jar before {@code premain} and indexes every entry of its central directory
 * (about 8 ms of CPU for 4,000 of them, measured with an agent that does nothing), though it only ever loads the
 * launcher. With the pack, the jar has a few dozen entries and the agent's class loader reads the index once.
 *
 * <p>Format, written by the build ({@code AgentJarPacking.archive}), all numbers big-endian:
 * <pre>
 * u4 magic "LWA1" | u4 count | u4 slots (a power of two) | u4 names length
 * slots x { u4 name offset + 1 (0: empty) | u4 data offset | u4 stored length | u4 length }
 * names: u2 length + UTF-8 bytes each | data: each file raw (stored length == length) or deflated without header
 * </pre>
 * A file's slot is found from its name's {@code String.hashCode()}, spread as below, probing linearly; offsets count
 * from the pack's first byte.
 *
 * <p>Thread-safe: the index is read once and never changed; each read opens its own stream on the entry (the jar's
 * streams are thread-safe).
 */
public final class AgentPack {
    /** The pack's entry in the agent jar. */
    public static final String ENTRY = "inst/agent.pack";
    /** The format's first four bytes, "LWA1" (the build writes them). */
    public static final int MAGIC = 0x4C574131;
    private static final int HEADER = 16;
    private static final int SLOT = 16;

    private final JarFile jar;
    private final JarEntry entry;
    /** The header, the slots and the names. */
    private final byte[] index;
    private final int slots;

    private AgentPack(JarFile jar, JarEntry entry, byte[] index, int slots) {
        this.jar = jar;
        this.entry = entry;
        this.index = index;
        this.slots = slots;
    }

    /** The pack of {@code jar}, or {@code null} when the jar has none (its files are then entries under inst/). */
    static AgentPack open(JarFile jar) throws IOException {
        JarEntry entry = jar.getJarEntry(ENTRY);
        if (entry == null) {
            return null;
        }
        if (entry.getMethod() != JarEntry.STORED) {
            throw new IOException(ENTRY + " must be stored, not compressed, in " + jar.getName());
        }
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] header = in.readNBytes(HEADER);
            if (header.length < HEADER || u4(header, 0) != MAGIC) {
                throw new IOException(ENTRY + " is not a pack this launcher reads, in " + jar.getName());
            }
            int slots = u4(header, 8);
            int namesLength = u4(header, 12);
            if (slots <= 0 || Integer.bitCount(slots) != 1 || namesLength < 0) {
                throw new IOException(ENTRY + " is damaged, in " + jar.getName());
            }
            byte[] index = new byte[HEADER + SLOT * slots + namesLength];
            System.arraycopy(header, 0, index, 0, HEADER);
            if (in.readNBytes(index, HEADER, index.length - HEADER) != index.length - HEADER) {
                throw new IOException(ENTRY + " ends early, in " + jar.getName());
            }
            return new AgentPack(jar, entry, index, slots);
        }
    }

    /** The file {@code name} ({@code net/bytebuddy/ByteBuddy.class}, {@code oshi.properties}), or {@code null}. */
    byte[] read(String name) throws IOException {
        int slot = find(name);
        if (slot < 0) {
            return null;
        }
        int at = HEADER + SLOT * slot;
        long offset = u4(index, at + 4) & 0xFFFFFFFFL;
        int stored = u4(index, at + 8);
        int length = u4(index, at + 12);
        byte[] data;
        try (InputStream in = jar.getInputStream(entry)) {
            // a stored entry's stream skips by moving its position: nothing before the file is read
            long skipped = 0;
            while (skipped < offset) {
                long n = in.skip(offset - skipped);
                if (n <= 0) {
                    throw new IOException(ENTRY + " ends before " + name);
                }
                skipped += n;
            }
            data = in.readNBytes(stored);
        }
        if (data.length != stored) {
            throw new IOException(ENTRY + " ends inside " + name);
        }
        return stored == length ? data : inflate(name, data, length);
    }

    /** Whether the pack holds {@code name}. */
    boolean has(String name) {
        return find(name) >= 0;
    }

    private static byte[] inflate(String name, byte[] deflated, int length) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            byte[] out = new byte[length];
            int n = 0;
            while (n < length && !inflater.finished()) {
                int got = inflater.inflate(out, n, length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != length) {
                throw new IOException(ENTRY + ": " + name + " inflates to " + n + " bytes, not " + length);
            }
            return out;
        } catch (DataFormatException e) {
            throw new IOException(ENTRY + ": " + name + " is damaged", e);
        } finally {
            inflater.end();
        }
    }

    /** The slot holding {@code name}, or -1. */
    private int find(String name) {
        byte[] wanted = null;
        int mask = slots - 1;
        for (int i = spread(name.hashCode()) & mask, probes = 0; probes < slots; i = (i + 1) & mask, probes++) {
            int nameAt = u4(index, HEADER + SLOT * i);
            if (nameAt == 0) {
                return -1;
            }
            if (wanted == null) {
                wanted = name.getBytes(StandardCharsets.UTF_8);
            }
            if (nameEquals(nameAt - 1, wanted)) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameEquals(int at, byte[] wanted) {
        int length = ((index[at] & 0xFF) << 8) | (index[at + 1] & 0xFF);
        return length == wanted.length
               && java.util.Arrays.equals(index, at + 2, at + 2 + length, wanted, 0, length);
    }

    /** The slot a name's hash starts probing at, before masking (the build places each file with it). */
    public static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static int u4(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
