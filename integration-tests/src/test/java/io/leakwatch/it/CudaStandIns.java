package io.leakwatch.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The TEST STAND-INS for the CUDA driver, built once per test JVM from {@code cuda-standin/} with gcc: a stand-in
 * {@code libcuda.so.1} (under which JCuda's real driver JNI library runs) and a stand-in JCuda runtime JNI library.
 * Both back "device" memory with host memory. When gcc is missing the calling test is skipped, saying so.
 *
 * <p>Thread-safe: built under the class lock.
 */
record CudaStandIns(Path driverDir, Path runtimeDir) {
    private static CudaStandIns built;

    static synchronized CudaStandIns get() {
        if (built == null) {
            built = build();
        }
        return built;
    }

    /**
     * Runs {@code run}'s child over the stand-ins: the driver's on {@code LD_LIBRARY_PATH}, the runtime's on
     * {@code java.library.path}; on JDK 17, without class data sharing. JDK 17.0.15's G1 crashes now and then at
     * exit in these children (SIGSEGV in {@code markWord::displaced_mark_helper}, scanning a class loader's handles),
     * with the agent's retransformed JDK classes and JCuda's natives in one JVM, and only with CDS on: about 1 run in
     * 4 of {@code driver-primary} at {@code -Xmx25m} and {@code -Xshare:auto}, none in 20 with {@code -Xshare:off} or
     * on JDK 25 (see the README's known limitations). These tests are about CUDA tracking, so they run where the JVM
     * is sound.
     */
    AgentRun applyTo(AgentRun run, Jdk jdk) {
        run.env("LD_LIBRARY_PATH", driverDir.toString()).jvmArg("-Djava.library.path=" + runtimeDir);
        if (jdk.feature() < 21) {
            run.jvmArg("-Xshare:off");
        }
        return run;
    }

    private static CudaStandIns build() {
        Path root = Path.of(System.getProperty("leakwatch.it.work", "target/it-work")).toAbsolutePath().resolve("cuda-standin");
        Path script = Path.of(System.getProperty("leakwatch.repo", "..")).resolve("cuda-standin/build.sh")
            .toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            Process p = new ProcessBuilder("bash", script.toString(), root.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String why = "CUDA stand-in tests skipped: building the stand-ins with " + script + " failed: " + out;
                System.err.println(why);
                Assumptions.abort(why);
            }
        } catch (IOException e) {
            String why = "CUDA stand-in tests skipped: cannot run " + script + ": " + e;
            System.err.println(why);
            Assumptions.abort(why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new CudaStandIns(root.resolve("driver"), root.resolve("runtime"));
    }
}
