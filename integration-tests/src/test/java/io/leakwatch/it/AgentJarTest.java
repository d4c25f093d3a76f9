package io.leakwatch.it;

import io.leakwatch.it.apps.IsolationApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent jar shows the JVM only its launcher and bootstrap package; the rest stays private to the agent. */
class AgentJarTest {
    /**
     * The only files besides the visible classes: the agent's private files packed in one entry (read through its
     * class loader only), the jar's fingerprint (the cache key), and the bootstrap package packed in one entry for
     * the launcher.
     */
    static final java.util.Set<String> PRIVATE_ENTRIES =
        java.util.Set.of("inst/agent.pack", "inst/leakwatch.fingerprint", "inst/bootstrap.pack",
                         // the kinds, for a class path that holds the jar (the Maven plugin's)
                         "META-INF/leakwatch/kinds");
    /**
     * Besides classes, the pack holds SLF4J's service file naming its no-op provider, OSHI's defaults, the kinds
     * (read by the report tools in the agent's own loader), and leakwatch.jfc (the {@code jfc} command's).
     */
    static final java.util.Set<String> PACKED_RESOURCES =
        java.util.Set.of("META-INF/services/org.slf4j.spi.SLF4JServiceProvider", "oshi.properties",
                         "META-INF/leakwatch/kinds", "leakwatch.jfc");

    /** The names of the files in the agent's pack, read from its index as the format says (see AgentPack). */
    static List<String> packedNames(JarFile jar) throws IOException {
        java.util.zip.ZipEntry e = jar.getEntry("inst/agent.pack");
        try (java.io.DataInputStream in = new java.io.DataInputStream(jar.getInputStream(e))) {
            assertEquals(0x4C574131, in.readInt(), "the pack's magic");
            int count = in.readInt();
            int slots = in.readInt();
            in.readInt(); // the names' length
            in.skipNBytes(16L * slots);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(in.readUTF());
            }
            return names;
        }
    }

    @Test
    void jarContents() throws IOException {
        try (JarFile jar = new JarFile(AgentRun.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            List<String> badClasses = new ArrayList<>();
            List<String> badOthers = new ArrayList<>();
            int entries = 0;
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); entries++) {
                String name = e.nextElement().getName();
                if (name.endsWith("/") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                if (name.endsWith(".class")) {
                    if (!name.startsWith("io/leakwatch/agent/premain/") && !name.startsWith("io/leakwatch/bootstrap/")
                        && !name.matches("io/leakwatch/family/[a-z]+/boot/[^/]+\\.class")) {
                        badClasses.add(name);
                    }
                } else if (!PRIVATE_ENTRIES.contains(name)) {
                    badOthers.add(name);
                }
            }
            List<String> packed = packedNames(jar);
            List<String> packedOthers = new ArrayList<>();
            for (String name : packed) {
                if (!name.endsWith(".class") && !PACKED_RESOURCES.contains(name)) {
                    packedOthers.add(name);
                }
            }
            int jarEntries = entries;
            assertAll(
                () -> assertEquals("io.leakwatch.agent.premain.LeakWatchAgent", main.getValue("Premain-Class"),
                                   "Premain-Class"),
                () -> assertEquals("true", main.getValue("Can-Retransform-Classes"), "Can-Retransform-Classes"),
                () -> assertEquals(List.of(), badClasses, ".class entries outside io/leakwatch/{agent/premain,bootstrap,family/*/boot}"),
                () -> assertEquals(List.of(), badOthers, "entries that are neither visible classes nor " + PRIVATE_ENTRIES),
                // the families' boot classes are visible entries too (nine families), and the bootstrap API of the
                // release places, listeners, trace and history: a bound, not a budget to fill (each entry costs the
                // JVM microseconds; the bound catches a package that grows by accident)
                () -> assertTrue(jarEntries < 190, "the JVM indexes every entry before premain: " + jarEntries),
                () -> assertEquals(java.util.zip.ZipEntry.STORED, jar.getEntry("inst/agent.pack").getMethod(),
                                   "the pack is stored, so its files are read at their offsets"),
                () -> assertEquals(List.of(), packedOthers, "packed files that are neither classes nor " + PACKED_RESOURCES),
                () -> assertTrue(packed.contains("oshi/util/FileUtil.class"), "OSHI is inside"),
                () -> assertFalse(packed.contains("com/sun/jna/Native.class"), "no JNA"),
                () -> assertTrue(packed.contains("net/bytebuddy/ByteBuddy.class"), "Byte Buddy is inside the pack"),
                () -> assertTrue(jar.getEntry("net/bytebuddy/ByteBuddy.class") == null, "no visible Byte Buddy"),
                () -> assertTrue(packed.size() > 1000, "packed classes: " + packed.size()),
                () -> {
                    // the build adds the JIT's DontInline where boot code says @OutOfLine (no ASM at start): a
                    // family's boot hooks, defined in the boot loader with the bootstrap package
                    String hooks = new String(jar.getInputStream(
                        jar.getEntry("io/leakwatch/family/jdbc/boot/JdbcHooks.class")).readAllBytes(),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertTrue(hooks.contains("Lio/leakwatch/bootstrap/OutOfLine;"), "JdbcHooks has @OutOfLine methods");
                    assertTrue(hooks.contains("Ljdk/internal/vm/annotation/DontInline;"),
                               "JdbcHooks in the jar carries DontInline");
                });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void agentInternalsAreInvisibleToTheApp(Jdk jdk) {
        Result r = AgentRun.of(jdk, "isolation", IsolationApp.class,
                               "net.bytebuddy.ByteBuddy", "com.fasterxml.jackson.core.JsonFactory",
                               "io.leakwatch.report.LeakReport", "io.leakwatch.agent.install.AgentInstaller",
                               "io.leakwatch.bootstrap.Hooks", "oshi.util.FileUtil", "org.slf4j.LoggerFactory",
                               "io.leakwatch.jmx.process.ProcessMonitor").run().expectSuccess();
        r.check(
            () -> assertTrue(r.stdoutLines().contains("net.bytebuddy.ByteBuddy -> missing"), "Byte Buddy"),
            () -> assertTrue(r.stdoutLines().contains("com.fasterxml.jackson.core.JsonFactory -> missing"), "Jackson"),
            () -> assertTrue(r.stdoutLines().contains("io.leakwatch.report.LeakReport -> missing"), "leak-report"),
            () -> assertTrue(r.stdoutLines().contains("io.leakwatch.agent.install.AgentInstaller -> missing"),
                             "the agent's internals"),
            () -> assertTrue(r.stdoutLines().contains("oshi.util.FileUtil -> missing"), "OSHI"),
            () -> assertTrue(r.stdoutLines().contains("org.slf4j.LoggerFactory -> missing"), "SLF4J"),
            () -> assertTrue(r.stdoutLines().contains("io.leakwatch.jmx.process.ProcessMonitor -> missing"),
                             "the MBeans"),
            () -> assertTrue(r.stdoutLines().contains("io.leakwatch.bootstrap.Hooks -> loader null"),
                             "Hooks is found, from the bootstrap class loader"),
            () -> assertTrue(r.stdoutLines().contains("jdk.internal.misc -> closed"),
                             "the agent must not open JDK internals to the application"),
            () -> assertEquals(List.of(), r.resources(), "resources"));
    }

    /** An application's own (older) Byte Buddy works beside the agent's, and is the one the application sees. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void theApplicationsOwnByteBuddyIsUntouched(Jdk jdk) {
        Result r = AgentRun.of(jdk, "own-byte-buddy", io.leakwatch.it.apps.OwnByteBuddyApp.class).withOwnByteBuddy()
            .run().expectSuccess();
        r.check(
            () -> assertTrue(r.stdoutLines().contains("generated by the application"), r.stdout()),
            () -> assertTrue(r.stdoutLines().stream().anyMatch(l -> l.startsWith("byte-buddy from ")
                                                                     && l.contains("byte-buddy-1.14.18.jar")),
                             "the application's Byte Buddy, not the agent's: " + r.stdout()),
            () -> assertEquals(List.of(), r.resources(), "resources"));
    }
}
