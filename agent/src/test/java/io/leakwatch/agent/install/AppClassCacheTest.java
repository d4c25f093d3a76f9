package io.leakwatch.agent.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AppClassCacheTest {
    @TempDir
    Path tmp;

    private TransformCache jdkFile() {
        return TransformCache.in(tmp.resolve("cache"), "1 entries, abc", "file,jdbc");
    }

    @Test
    void anOutputIsGivenOnlyForTheExactBytesAndPlansItWasMadeFor() {
        byte[] dao = {(byte) 0xCA, (byte) 0xFE, 1, 2, 3};
        byte[] instrumented = {(byte) 0xCA, (byte) 0xFE, 1, 2, 3, 4};
        byte[] iface = {(byte) 0xCA, (byte) 0xFE, 9};
        AppClassCache first = new AppClassCache(jdkFile().forApplication(), null);
        assertNull(first.outputFor(null, "com/acme/Dao", "h0", dao), "an empty cache gives nothing");
        first.add("com/acme/Dao", "h0", dao, instrumented);
        first.add("com/acme/MoreConnection", "h0", iface, null);
        first.write();

        AppClassCache next = new AppClassCache(jdkFile().forApplication(), null);
        assertArrayEquals(instrumented, next.outputFor(null, "com/acme/Dao", "h0", dao.clone()));
        assertArrayEquals(new byte[0], next.outputFor(null, "com/acme/MoreConnection", "h0", iface),
                          "left unchanged by Byte Buddy: nothing to make either");
        byte[] changed = dao.clone();
        changed[4] = 4;
        assertNull(next.outputFor(null, "com/acme/Dao", "h0", changed), "other bytes (another version of the class)");
        assertNull(next.outputFor(null, "com/acme/Dao", "nh0", dao), "other plans");
        assertNull(next.outputFor(null, "com/acme/Other", "h0", dao), "another class");
    }

    @Test
    void theApplicationsFileIsItsOwnBesideTheJdksWithAnotherKey() {
        TransformCache jdk = jdkFile();
        TransformCache app = jdk.forApplication();
        assertEquals(jdk.file().getParent(), app.file().getParent());
        assertEquals(jdk.file().getFileName().toString().replace("jdk-classes-", "app-classes-"),
                     app.file().getFileName().toString());
        AppClassCache cache = new AppClassCache(app, null);
        cache.add("com/acme/Dao", "h0", new byte[] {1}, new byte[] {2});
        cache.write();
        assertEquals(java.util.Map.of(), jdk.read(), "the JDK's file is not the application's");
        assertNotEquals(java.util.Map.of(), app.read());
    }

    @Test
    void theApplicationsFileKeepsTheNewestClassesWithinItsBudget() throws java.io.IOException {
        byte[] big = new byte[(int) (TransformCache.MAX_APPLICATION_BYTES / 5)];
        TransformCache app = jdkFile().forApplication();
        for (int round = 0; round < 3; round++) {
            AppClassCache cache = new AppClassCache(app, null);
            for (int c = 0; c < 2; c++) {
                byte[] input = big.clone();
                input[0] = (byte) round;
                input[1] = (byte) c;
                cache.add("com/acme/Round" + round + "Class" + c, "h0", input, new byte[] {(byte) round, (byte) c});
            }
            cache.write();
        }
        assertEquals(true, java.nio.file.Files.size(app.file()) <= TransformCache.MAX_APPLICATION_BYTES,
                     "size " + java.nio.file.Files.size(app.file()));
        java.util.Set<String> kept = app.read().keySet();
        assertEquals(true, kept.containsAll(java.util.Set.of("com.acme.Round2Class0#h0", "com.acme.Round2Class1#h0",
                                                             "com.acme.Round1Class0#h0", "com.acme.Round1Class1#h0")),
                     "the newest are kept: " + kept);
        assertEquals(false, kept.contains("com.acme.Round0Class0#h0"), "the oldest are dropped: " + kept);
    }
}
