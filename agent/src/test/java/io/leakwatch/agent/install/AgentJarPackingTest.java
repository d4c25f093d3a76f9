package io.leakwatch.agent.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentJarPackingTest {
    @TempDir
    Path stage;

    /** Classes of the real bootstrap package, copied under the stage's bootstrap directory. */
    private Path bootstrapDir(Class<?>... classes) throws IOException {
        Path dir = Files.createDirectories(stage.resolve("io/leakwatch/bootstrap"));
        for (Class<?> c : classes) {
            try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
                Files.write(dir.resolve(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class"),
                            in.readAllBytes());
            }
        }
        Files.write(dir.resolve("package-info.class"), new byte[] {1});
        return dir;
    }

    private static Class<?> bootstrap(String simpleName) {
        try {
            return Class.forName("io.leakwatch.bootstrap." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void thePackHoldsEveryClassOnceWithItsSupertypesBeforeIt() throws IOException {
        // named before its superclass and the interface it implements, as a directory listing may give them
        Class<?>[] classes = {bootstrap("TrackedEndpoint"), bootstrap("TrackedResource"), bootstrap("ResourceView"),
                              bootstrap("TrackedAllocation"), bootstrap("Hooks")};
        Path dir = bootstrapDir(classes);
        OutOfLineMarks.main(new String[] {dir.toString()});
        Map<String, byte[]> back = AgentJarPacking.readBootstrap(new ByteArrayInputStream(AgentJarPacking.pack(stage)));
        assertEquals(classes.length, back.size(), back.keySet().toString());
        List<String> order = new ArrayList<>(back.keySet());
        for (Class<?> c : classes) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(c.getSimpleName() + ".class")), back.get(c.getName()));
            Class<?> sup = c.getSuperclass();
            if (sup != null && back.containsKey(sup.getName())) {
                assertTrue(order.indexOf(sup.getName()) < order.indexOf(c.getName()), order.toString());
            }
            for (Class<?> i : c.getInterfaces()) {
                if (back.containsKey(i.getName())) {
                    assertTrue(order.indexOf(i.getName()) < order.indexOf(c.getName()), order.toString());
                }
            }
        }
    }

    @Test
    void aClassWithoutTheJitsMarksIsNotPacked() throws IOException {
        // the launcher defines the pack's classes as they are: the build must have marked them first (a family's boot
        // hooks, packed with the bootstrap package, have @OutOfLine methods)
        bootstrapDir();
        Class<?> hooks = io.leakwatch.family.jdbc.boot.JdbcHooks.class;
        Path dir = Files.createDirectories(stage.resolve("io/leakwatch/family/jdbc/boot"));
        try (InputStream in = hooks.getResourceAsStream("JdbcHooks.class")) {
            Files.write(dir.resolve("JdbcHooks.class"), in.readAllBytes());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AgentJarPacking.pack(stage));
        assertTrue(e.getMessage().contains(hooks.getName()), e.getMessage());
        OutOfLineMarks.main(new String[] {stage.resolve("io/leakwatch").toString()});
        assertEquals(1, AgentJarPacking.readBootstrap(new ByteArrayInputStream(AgentJarPacking.pack(stage))).size());
    }

    @Test
    void theFingerprintChangesWithAnyFilesContentsOrNameButNotWithItself() throws IOException {
        Files.createDirectories(stage.resolve("inst/a"));
        Files.writeString(stage.resolve("inst/a/One.classdata"), "one");
        Files.writeString(stage.resolve("Two.class"), "two");
        String first = AgentJarPacking.fingerprint(stage);
        assertEquals(65, first.length(), first);
        AgentJarPacking.main(new String[] {"fingerprint", stage.toString()});
        assertEquals(first, Files.readString(stage.resolve("inst/" + AgentJarPacking.FINGERPRINT)));
        assertEquals(first, AgentJarPacking.fingerprint(stage), "its own file is not part of it");
        Files.writeString(stage.resolve("Two.class"), "twO");
        String changed = AgentJarPacking.fingerprint(stage);
        assertNotEquals(first, changed);
        Files.move(stage.resolve("Two.class"), stage.resolve("Tw0.class"));
        assertNotEquals(changed, AgentJarPacking.fingerprint(stage));
    }
}
