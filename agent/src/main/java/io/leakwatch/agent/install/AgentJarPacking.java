package io.leakwatch.agent.install;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Two files the build adds to the agent jar so that a JVM starting the agent reads two small entries instead of
 * walking the jar's four thousand: the bootstrap package in one entry, in the order it can be defined (supertypes
 * first), and the jar's fingerprint, a digest of every file in it, which keys the cache of instrumented JDK classes
 * ({@link TransformCache}). Both are made by {@link #main} from the jar's staging directory; the launcher hands the
 * pack's bytes to {@link BootstrapInjector}, which reads them with {@link #readBootstrap}.
 *
 * <p>Thread-safe (stateless).
 */
public final class AgentJarPacking {
    /** The packed bootstrap package, private to the agent like its other files (the launcher reads it by name). */
    public static final String BOOTSTRAP_PACK = "inst/bootstrap.pack";
    /** The fingerprint, among the agent's private resources (read through its class loader as this name). */
    public static final String FINGERPRINT = "leakwatch.fingerprint";
    private static final String BOOTSTRAP_DIR = "io/leakwatch/bootstrap";
    /** Where families live; each one's bootstrap classes are in its {@code boot} package. */
    private static final String FAMILIES_DIR = "io/leakwatch/family";
    /** The agent's private files, in one entry the launcher's {@code AgentPack} reads (the jar must store it). */
    public static final String AGENT_PACK = io.leakwatch.agent.premain.AgentPack.ENTRY;

    private AgentJarPacking() {
    }

    /**
     * {@code pack STAGE}: writes the bootstrap pack from {@code STAGE/io/leakwatch/bootstrap} and the families'
     * {@code boot} packages; {@code archive STAGE
     * DIR}: writes the agent's private files, every file under {@code DIR} by its relative path, into the pack its
     * class loader reads ({@code STAGE/inst/agent.pack}, see the launcher's {@code AgentPack}); {@code fingerprint
     * STAGE}: writes {@code STAGE/inst/leakwatch.fingerprint} from every other file under {@code STAGE}; {@code kinds
     * DIR}: writes the list of kinds ({@link #kindList}) under {@code DIR}.
     */
    public static void main(String[] args) throws IOException {
        Path stage = Path.of(args[1]);
        switch (args[0]) {
            case "pack" -> {
                Path pack = stage.resolve(BOOTSTRAP_PACK);
                Files.createDirectories(pack.getParent());
                Files.write(pack, pack(stage));
            }
            case "archive" -> {
                Path pack = stage.resolve(AGENT_PACK);
                Files.createDirectories(pack.getParent());
                Files.write(pack, archive(Path.of(args[2])));
            }
            case "fingerprint" -> Files.writeString(stage.resolve("inst").resolve(FINGERPRINT), fingerprint(stage));
            case "kinds" -> {
                Path list = stage.resolve(io.leakwatch.report.Kinds.RESOURCE);
                Files.createDirectories(list.getParent());
                Files.writeString(list, kindList());
            }
            default -> throw new IllegalArgumentException("pack, archive, fingerprint or kinds, not " + args[0]);
        }
    }

    /**
     * Every kind, one line each in declaration order, as {@link io.leakwatch.report.Kinds} reads them: the label, and
     * {@code bytes} after it for a kind measured in bytes. Written by the build beside the classes (the agent's tests
     * read it there) and into the jar, where the report tools and the Maven plugin find it: the kinds are declared
     * once, in {@code ResourceKind}, and the modules that cannot see the agent's classes read this.
     */
    static String kindList() {
        StringBuilder sb = new StringBuilder();
        for (io.leakwatch.bootstrap.ResourceKind k : io.leakwatch.bootstrap.ResourceKind.values()) {
            sb.append(k.label()).append(k.inBytes() ? " bytes" : "").append('\n');
        }
        return sb.toString();
    }

    /**
     * The directories whose classes are defined in the boot loader: the bootstrap package, and each family's own
     * bootstrap classes ({@code io/leakwatch/family/<name>/boot}).
     */
    static List<Path> bootstrapClassDirs(Path stage) throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(stage.resolve(BOOTSTRAP_DIR)));
        Path families = stage.resolve(FAMILIES_DIR);
        if (Files.isDirectory(families)) {
            try (Stream<Path> each = Files.list(families)) {
                for (Path f : (Iterable<Path>) each.sorted()::iterator) {
                    if (Files.isDirectory(f.resolve("boot"))) {
                        dirs.add(f.resolve("boot"));
                    }
                }
            }
        }
        return dirs;
    }

    /**
     * The class files of the {@link #bootstrapClassDirs} under {@code stage}, supertypes before their subtypes, as
     * {@link #readBootstrap} reads them.
     */
    static byte[] pack(Path stage) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        List<Path> dirs = bootstrapClassDirs(stage);
        for (Path dir : dirs) {
            String pkg = stage.relativize(dir).toString().replace(java.io.File.separatorChar, '.') + ".";
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String file = f.getFileName().toString();
                    if (file.endsWith(".class") && !file.equals("package-info.class")) {
                        classes.put(pkg + file.substring(0, file.length() - ".class".length()), Files.readAllBytes(f));
                    }
                }
            }
        }
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            // the launcher defines them as they are: OutOfLineMarks must have run on the directory first
            if (OutOfLineMarks.needed(c.getValue())) {
                throw new IllegalStateException("the JIT's marks are missing from " + c.getKey()
                                                + ": run OutOfLineMarks on " + dirs + " first");
            }
        }
        List<String> order = new ArrayList<>();
        for (String name : classes.keySet()) {
            addSupertypesFirst(name, classes, order);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeInt(order.size());
            for (String name : order) {
                byte[] bytes = classes.get(name);
                data.writeUTF(name);
                data.writeInt(bytes.length);
                data.write(bytes);
            }
        }
        return out.toByteArray();
    }

    private static void addSupertypesFirst(String name, Map<String, byte[]> classes, List<String> order) {
        if (order.contains(name) || !classes.containsKey(name)) {
            return;
        }
        String[] supertypes = io.leakwatch.agent.instrument.ClassHeader.superTypes(classes.get(name));
        if (supertypes == null) {
            throw new IllegalStateException("not a class file this build can read: " + name);
        }
        for (String s : supertypes) {
            if (!s.equals(name)) {
                addSupertypesFirst(s, classes, order);
            }
        }
        // a nest's members refer to their host and the reverse; only supertypes must come first
        order.add(name);
    }

    /** Reads a pack: binary name to class file, in the order to define them. */
    public static Map<String, byte[]> readBootstrap(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int n = data.readInt();
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = data.readUTF();
            byte[] bytes = new byte[data.readInt()];
            data.readFully(bytes);
            classes.put(name, bytes);
        }
        return classes;
    }

    /**
     * Every file under {@code dir}, by its path relative to it ({@code net/bytebuddy/ByteBuddy.class}), in the
     * format the launcher's {@code AgentPack} reads: an open-addressed table by the name's hash, the names, then
     * each file deflated (raw where deflating saves nothing), in name order so the same files make the same bytes.
     */
    static byte[] archive(Path dir) throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        int slots = Integer.highestOneBit(Math.max(1, files.size() * 2 - 1)) << 1;
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        List<byte[]> stored = new ArrayList<>();
        int[] nameAt = new int[files.size()];
        int i = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
            nameAt[i++] = names.size();
            names.write(name.length >>> 8);
            names.write(name.length);
            names.write(name, 0, name.length);
            byte[] deflated = deflate(f.getValue());
            stored.add(deflated.length < f.getValue().length ? deflated : f.getValue());
        }
        int namesStart = 16 + 16 * slots;
        int dataStart = namesStart + names.size();
        int[][] table = new int[slots][];
        i = 0;
        int data = dataStart;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            int h = f.getKey().hashCode();
            int slot = io.leakwatch.agent.premain.AgentPack.spread(h) & (slots - 1);
            while (table[slot] != null) {
                slot = (slot + 1) & (slots - 1);
            }
            table[slot] = new int[] {namesStart + nameAt[i] + 1, data, stored.get(i).length, f.getValue().length};
            data += stored.get(i).length;
            i++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data);
        try (DataOutputStream d = new DataOutputStream(out)) {
            d.writeInt(io.leakwatch.agent.premain.AgentPack.MAGIC);
            d.writeInt(files.size());
            d.writeInt(slots);
            d.writeInt(names.size());
            for (int[] s : table) {
                for (int v : s == null ? new int[4] : s) {
                    d.writeInt(v);
                }
            }
            names.writeTo(d);
            for (byte[] b : stored) {
                d.write(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] bytes) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** SHA-256 of every file's relative path and contents under {@code stage}, in path order, as hex. */
    static String fingerprint(Path stage) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path own = stage.resolve("inst").resolve(FINGERPRINT);
        TreeMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(stage)) {
            all.filter(Files::isRegularFile).filter(p -> !p.equals(own))
               .forEach(p -> files.put(stage.relativize(p).toString().replace('\\', '/'), p));
        }
        for (Map.Entry<String, Path> f : files.entrySet()) {
            byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] bytes = Files.readAllBytes(f.getValue());
            digest.update(name);
            digest.update((byte) 0);
            digest.update(java.nio.ByteBuffer.allocate(8).putLong(bytes.length).array());
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest()) + "\n";
    }
}
