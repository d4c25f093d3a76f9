package io.leakwatch.jmx.process;

import com.sun.management.UnixOperatingSystemMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe against what this JVM says of itself and what the files of /proc hold. */
class OshiLinuxProbeTest {
    private static final UnixOperatingSystemMXBean OS =
        (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Test
    void descriptorsAreWhatTheJvmCounts(@TempDir Path dir) throws Exception {
        OshiLinuxProbe probe = OshiLinuxProbe.create(dir);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            long before = stableOpenDescriptors(probe);
            for (int i = 0; i < 20; i++) {
                opened.add(Files.newInputStream(Files.writeString(dir.resolve("f" + i), "x")));
            }
            assertEquals(before + 20, stableOpenDescriptors(probe));
        } finally {
            for (AutoCloseable c : opened) {
                c.close();
            }
        }
        assertEquals(OS.getMaxFileDescriptorCount(), probe.read().maxDescriptors(), "soft limit");
    }

    /** The probe's count, once the JVM's own count (taken between two of the probe's) agrees with both. */
    private static long stableOpenDescriptors(OshiLinuxProbe probe) {
        for (int attempt = 0; attempt < 20; attempt++) {
            long first = probe.read().openDescriptors();
            long jdk = OS.getOpenFileDescriptorCount();
            long second = probe.read().openDescriptors();
            if (first == jdk && second == jdk) {
                return jdk;
            }
        }
        throw new AssertionError("the probe never agreed with OperatingSystemMXBean: " + probe.read()
                                 + " against " + OS.getOpenFileDescriptorCount());
    }

    @Test
    void threadsMemoryAndCpu(@TempDir Path dir) throws Exception {
        OshiLinuxProbe probe = OshiLinuxProbe.create(dir);
        Reading first = probe.read();
        long spin = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        Reading second = probe.read();
        long memTotal = -1;
        long memAvailable = -1;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            String[] f = line.split("\\s+");
            if (f[0].equals("MemTotal:")) {
                memTotal = Long.parseLong(f[1]) * 1024;
            } else if (f[0].equals("MemAvailable:")) {
                memAvailable = Long.parseLong(f[1]) * 1024;
            }
        }
        long total = memTotal;
        long available = memAvailable;
        long spun = x;
        assertAll(
            () -> assertTrue(second.threads() >= ManagementFactory.getThreadMXBean().getThreadCount(),
                             "OS threads " + second.threads() + " include the Java threads"),
            () -> assertTrue(second.residentBytes() > 8L << 20 && second.residentBytes() < total,
                             "resident " + second.residentBytes()),
            () -> assertTrue(second.cpuTimeNanos() > first.cpuTimeNanos(),
                             "CPU time grows while spinning (" + spun + "): " + first.cpuTimeNanos() + " -> "
                             + second.cpuTimeNanos()),
            () -> assertEquals(total, second.systemMemoryTotalBytes()),
            () -> assertTrue(Math.abs(available - second.systemMemoryAvailableBytes()) < total / 10,
                             "available " + second.systemMemoryAvailableBytes() + " against " + available));
    }

    @Test
    void diskIsTheFileStoreOfTheNearestExistingDirectory(@TempDir Path dir) throws Exception {
        Reading r = OshiLinuxProbe.create(dir.resolve("reports/{pid}")).read();
        long total = Files.getFileStore(dir).getTotalSpace();
        assertEquals(total, r.diskTotalBytes());
        assertTrue(r.diskUsedBytes() > 0 && r.diskUsedBytes() <= total, "used " + r.diskUsedBytes());
    }
}
