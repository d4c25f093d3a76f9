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
     * {@code java.library.path}. (The crashes at exit these children once had, in {@code markWord::displaced_mark_helper},
     * were JCuda's {@code cuMemCreate} writing past its handle object: see {@code CudaApis.PaddedHandle}.)
     */
    AgentRun applyTo(AgentRun run, Jdk jdk) {
        return run.env("LD_LIBRARY_PATH", driverDir.toString()).jvmArg("-Djava.library.path=" + runtimeDir);
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
