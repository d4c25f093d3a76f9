package io.leakwatch.demo;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import jcuda.runtime.JCuda;

import java.util.ArrayList;
import java.util.List;

/**
 * Leaks CUDA device memory through both JCuda APIs: a "batch job" that allocates a scratch buffer per batch with the
 * runtime API and frees only every other one, and a driver-API cache that is never freed.
 *
 * <p>Run on a machine with an NVIDIA GPU and driver, from the repository root, after
 * {@code mvn -q -DskipTests package}:
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -javaagent:agent/target/leakwatch-agent.jar \
 *      -cp 'demo-apps/target/classes:demo-apps/target/lib/*' io.leakwatch.demo.Demo02CudaMemory
 * </pre>
 * ({@code --enable-native-access} is for JDK 22+, where JCuda's native libraries need it; leave it out on JDK 17.)
 * Without a CUDA driver it says so and exits 0.
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class Demo02CudaMemory {
    static final long MIB = 1024 * 1024;
    /** Buffers the demo keeps, so they are open (not freed) at exit. */
    static final List<Object> CACHE = new ArrayList<>();

    private Demo02CudaMemory() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = JCuda.cudaGetDeviceCount(new int[1]);
        } catch (Throwable t) {
            System.out.println("Demo02CudaMemory: no CUDA driver here (" + t + "); nothing to demonstrate.");
            return;
        }
        if (status != 0) {
            System.out.println("Demo02CudaMemory: no CUDA driver or device here (cudaGetDeviceCount returned " + status
                               + "); nothing to demonstrate.");
            return;
        }
        JCuda.setExceptionsEnabled(true);
        for (int batch = 0; batch < 8; batch++) {
            runBatch(batch);
        }
        try {
            driverCache();
        } catch (CudaException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            System.out.println("Demo02CudaMemory: driver API unavailable (" + e + ")");
        }
        System.out.println("Demo02CudaMemory: done; the leak report follows at exit.");
    }

    /** Allocates a 64 MiB scratch buffer and, a bug, frees it only for even batches. */
    static void runBatch(int batch) {
        Pointer scratch = new Pointer();
        JCuda.cudaMalloc(scratch, 64 * MIB);
        JCuda.cudaMemset(scratch, 0, 64 * MIB);
        if (batch % 2 == 0) {
            JCuda.cudaFree(scratch);
        }
    }

    /** A cache of 4 x 32 MiB device buffers in a context of its own, never freed. */
    static void driverCache() {
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuInit(0);
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, 0);
        CUcontext context = new CUcontext();
        JCudaDriver.cuCtxCreate(context, 0, device);
        for (int i = 0; i < 4; i++) {
            CUdeviceptr buffer = new CUdeviceptr();
            JCudaDriver.cuMemAlloc(buffer, 32 * MIB);
            CACHE.add(buffer);
        }
        CACHE.add(context);
    }
}
