package io.leakwatch.agent.install;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The JDK classes as the agent instrumented them in an earlier JVM, kept in a file of the user's own cache directory so
 * that the next JVM can apply them without loading Byte Buddy: instrumenting the JDK's file, socket and pool classes
 * with Byte Buddy is most of the agent's start-up (about 0.7 s on a 2-core machine), paid again by every JVM of a
 * test suite.
 *
 * <p>An entry is used only when the class's bytes as the JVM hands them to the agent are those the entry was made
 * from (compared in full, not by hash, but for the order of the class's members: see {@link MemberOrder}), and the
 * file was made for everything else the instrumented bytes depend on: the agent jar (its entries' names, sizes and
 * checksums), the JDK (home, version) and the kinds tracked. There is one file per JDK and set of kinds, so a
 * rebuilt or upgraded agent replaces its file rather than adding one. Since the classes go into {@code java.base},
 * the file is trusted only as far as the user's own files are: the directory and the file must belong to the user
 * running the JVM, must not be symbolic links, and must not be writable by group or others; otherwise the cache is
 * not used. A file is written to a temporary name and renamed, so a JVM never reads half of one.
 *
 * <p>Thread-safe (immutable; each call reads or writes the file on its own).
 */
final class TransformCache {
    /** The file's first bytes; a different format version is a different magic. */
    private static final int MAGIC = 0x4C574333; // "LWC3"
    /** Larger files are not read: the JDK classes the agent instruments come to well under 2 MiB (in and out). */
    private static final long MAX_BYTES = 16L << 20;
    private static final Set<PosixFilePermission> SHARED_WRITE =
        Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Path file;
    private final String key;

    private TransformCache(Path file, String key) {
        this.file = file;
        this.key = key;
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
            return new TransformCache(dir.resolve(String.format("jdk-classes-%08x.bin", crc.getValue())), key);
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

    /** The file this cache reads and writes (for messages and tests). */
    Path file() {
        return file;
    }

    /**
     * The entries stored for this key: binary class name to {@code {input in canonical form, output, class file}}
     * (the class file as the JDK's boot loader reads it, which a class loaded after start-up is handed over as; empty
     * when it could not be read); empty when
     * there is no file, or
     * it is not trustworthy, was made for another key, or is damaged.
     */
    Map<String, byte[][]> read() {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !ownedByUser(file)
                || Files.size(file) > MAX_BYTES) {
                return Map.of();
            }
            try (InputStream raw = Files.newInputStream(file);
                 DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
                if (in.readInt() != MAGIC || !key.equals(in.readUTF())) {
                    return Map.of();
                }
                int n = in.readInt();
                Map<String, byte[][]> out = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String name = in.readUTF();
                    out.put(name, new byte[][] {readBytes(in), readBytes(in), readBytes(in)});
                }
                return out;
            }
        } catch (IOException | RuntimeException damaged) {
            return Map.of();
        }
    }

    /**
     * Replaces the file with {@code entries} (binary class name to {@code {input in canonical form, output, class
     * file}}, as {@link #read} returns them).
     * Written to a temporary file in the same directory (owner-only, as {@code createTempFile} makes it) and renamed,
     * so readers see the old file or the new one. A failure leaves the cache as it was: the next JVM instruments with
     * Byte Buddy again.
     */
    void write(Map<String, byte[][]> entries) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeUTF(key);
                out.writeInt(entries.size());
                for (Map.Entry<String, byte[][]> e : entries.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (int i = 0; i < 3; i++) {
                        writeBytes(out, e.getValue()[i]);
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

    /** Whether {@code path} (not followed if a link) belongs to the user running the JVM and only they may write it. */
    private static boolean ownedByUser(Path path) throws IOException {
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return !a.isSymbolicLink() && a.owner().getName().equals(System.getProperty("user.name"))
                   && a.permissions().stream().noneMatch(SHARED_WRITE::contains);
        } catch (UnsupportedOperationException notPosix) {
            // no owner and permission bits to check (Windows): not trusted
            return false;
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_BYTES) {
            throw new IOException("bad length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    /**
     * Whether {@code input} is what {@code entry} was made from: the JDK's class file itself, byte for byte (how a
     * class loaded after start-up is handed over), or the class as the JVM rebuilds it for a retransformation, byte
     * for byte but for the order of its members (see {@link MemberOrder}), since that input is kept in
     * {@link MemberOrder#canonical} form.
     */
    static boolean madeFrom(byte[][] entry, byte[] input) {
        if (Arrays.equals(entry[2], input)) {
            // as the boot loader read it: a class loaded after start-up, or retransformed once it was
            return true;
        }
        byte[] canonical = MemberOrder.canonical(input);
        return canonical != null && Arrays.equals(entry[0], canonical);
    }
}
