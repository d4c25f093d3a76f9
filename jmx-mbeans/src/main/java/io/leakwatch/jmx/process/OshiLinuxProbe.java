package io.leakwatch.jmx.process;

import oshi.hardware.common.platform.linux.LinuxGlobalMemory;
import oshi.util.FileUtil;
import oshi.util.ParseUtil;
import oshi.util.driver.linux.proc.Auxv;
import oshi.util.driver.linux.proc.ProcessStat;
import oshi.util.driver.linux.proc.ProcessStat.PidStat;
import oshi.util.linux.ProcPath;
import oshi.util.tuples.Triplet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads this process's resources from Linux's {@code /proc} through OSHI's pure-Java readers ({@code oshi-common}):
 * {@code /proc/<pid>/fd}, {@code stat} and {@code limits}, {@code /proc/meminfo}, and the report directory's file
 * store through {@link FileStore}.
 *
 * <p>Why not OSHI's {@code SystemInfo}: its Linux implementation calls the C library through JNA, whose
 * {@code System.load} makes JDK 24 and later print a "restricted method" warning on the application's stderr unless
 * the application was started with {@code --enable-native-access}; and its {@code LinuxOperatingSystem} runs
 * {@code uname -o} as a child process when it loads. Everything needed here is in {@code /proc}.
 *
 * <p>Not thread-safe: one sampling thread at a time. Every read opens files, so callers run it as agent work.
 */
final class OshiLinuxProbe implements ProcessProbe {
    /** Page size and clock ticks when {@code /proc/self/auxv} cannot be read: the values of every Linux on x86-64. */
    private static final long DEFAULT_PAGE_SIZE = 4096;
    private static final long DEFAULT_TICKS_PER_SECOND = 100;

    private final int pid;
    private final long pageSize;
    private final long ticksPerSecond;
    private final String limitsFile;
    private final LinuxGlobalMemory memory;
    private final FileStore disk;

    private OshiLinuxProbe(int pid, long pageSize, long ticksPerSecond, FileStore disk) {
        this.pid = pid;
        this.pageSize = pageSize;
        this.ticksPerSecond = ticksPerSecond;
        this.limitsFile = ProcPath.PROC + "/" + pid + "/limits";
        this.memory = new LinuxGlobalMemory(pageSize);
        this.disk = disk;
    }

    /**
     * A probe of the calling process, measuring the disk that holds {@code diskDirectory} (or, when it does not exist
     * yet, its nearest existing parent).
     *
     * @throws IllegalStateException when this is not Linux with {@code /proc} mounted
     */
    static OshiLinuxProbe create(Path diskDirectory) {
        QuietSlf4j.install();
        int pid = selfPid();
        long[] auxv = pageSizeAndTicks();
        return new OshiLinuxProbe(pid, auxv[0], auxv[1], fileStore(diskDirectory));
    }

    @Override
    public Reading read() {
        long cpu = -1;
        int threads = -1;
        long resident = -1;
        Triplet<String, Character, Map<PidStat, Long>> stat = ProcessStat.getPidStats(pid);
        if (stat != null) {
            Map<PidStat, Long> values = stat.getC();
            cpu = (values.getOrDefault(PidStat.UTIME, 0L) + values.getOrDefault(PidStat.STIME, 0L)) * 1_000_000_000L
                  / ticksPerSecond;
            threads = values.getOrDefault(PidStat.NUM_THREADS, -1L).intValue();
            resident = values.getOrDefault(PidStat.RSS, -1L) * pageSize;
        }
        long total = memory.getTotal();
        long available = memory.getAvailable();
        long diskTotal = -1;
        long diskUsed = -1;
        if (disk != null) {
            try {
                diskTotal = disk.getTotalSpace();
                diskUsed = diskTotal - disk.getUnallocatedSpace();
            } catch (IOException e) {
                diskTotal = -1;
            }
        }
        return new Reading(cpu, openDescriptors(), softDescriptorLimit(), threads, resident,
                           total > 0 ? total : -1, total > 0 ? available : -1, diskTotal, diskTotal < 0 ? -1 : diskUsed);
    }

    /**
     * The entries of {@code /proc/<pid>/fd}, less one: listing the directory opens a descriptor on it, and that one is
     * listed too ({@code UnixOperatingSystemMXBean.getOpenFileDescriptorCount} subtracts it the same way).
     */
    private long openDescriptors() {
        int listed = ProcessStat.getFileDescriptorFiles(pid).length;
        return listed == 0 ? -1 : listed - 1;
    }

    /** The soft limit on open files, from {@code /proc/<pid>/limits}; -1 when unlimited or unreadable. */
    private long softDescriptorLimit() {
        for (String line : FileUtil.readFile(limitsFile, false)) {
            if (line.startsWith("Max open files")) {
                // "Max open files            1024                 1048576              files"
                String[] fields = ParseUtil.whitespaces.split(line.substring("Max open files".length()).trim());
                return fields.length == 0 ? -1 : ParseUtil.parseLongOrDefault(fields[0], -1);
            }
        }
        return -1;
    }

    private static int selfPid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of(ProcPath.PROC, "self")).toString());
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot read " + ProcPath.PROC + "/self (the Process MBean needs Linux's"
                                            + " /proc): " + e, e);
        }
    }

    /**
     * The page size and the clock ticks per second from the auxiliary vector the kernel gave this process: what
     * {@code sysconf} reads, without a native call.
     */
    private static long[] pageSizeAndTicks() {
        long page = DEFAULT_PAGE_SIZE;
        long ticks = DEFAULT_TICKS_PER_SECOND;
        ByteBuffer auxv = FileUtil.readAllBytesAsBuffer(ProcPath.AUXV);
        boolean wide = !"32".equals(System.getProperty("sun.arch.data.model"));
        int entry = wide ? 16 : 8;
        while (auxv.remaining() >= entry) {
            long type = wide ? auxv.getLong() : auxv.getInt();
            long value = wide ? auxv.getLong() : Integer.toUnsignedLong(auxv.getInt());
            if (type == Auxv.AT_NULL) {
                break;
            } else if (type == Auxv.AT_PAGESZ && value > 0) {
                page = value;
            } else if (type == Auxv.AT_CLKTCK && value > 0) {
                ticks = value;
            }
        }
        return new long[] {page, ticks};
    }

    private static FileStore fileStore(Path directory) {
        Path p = directory.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? null : Files.getFileStore(p);
        } catch (IOException e) {
            return null;
        }
    }
}
