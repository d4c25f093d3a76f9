package io.leakwatch.it.apps;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaArray;
import jcuda.runtime.cudaChannelFormatDesc;
import jcuda.runtime.cudaChannelFormatKind;
import jcuda.runtime.cudaExtent;
import jcuda.runtime.cudaPitchedPtr;

import java.util.ArrayList;
import java.util.List;

/**
 * CUDA scenarios (kind {@code cuda}) through the real JCuda classes. On the development and CI machines there is no
 * GPU: the tests run these over the test stand-ins for the CUDA driver (cuda-standin/), or over JCuda's real native
 * libraries, where every allocation fails.
 *
 * <pre>
 * runtime open|closed     every runtime allocator once, each from its own line; closed: each freed through a NEW
 *                         Pointer object with the same address (withByteOffset(0))
 * runtime-errors          out of memory (return code, then CudaException), a double free, a free of an address
 *                         never allocated: nothing recorded for the failures, one release for the double free
 * runtime-reset           allocations, then cudaDeviceReset: all released
 * driver open|closed      every driver allocator once in a context of its own; closed: freed through new objects
 * driver-errors           out of memory (return code and CudaException), a double free
 * driver-destroy          allocations in a context, then cuCtxDestroy: all released
 * driver-primary          in the device's primary context: 3 x 8 MiB, then cuDevicePrimaryCtxReset releases them;
 *                         a physical allocation (cuMemCreate, 2 MiB) kept, another released with cuMemRelease
 * failure                 the runtime and driver calls with JCuda's real natives and no driver: every one fails;
 *                         prints each call's outcome (the test compares them with and without the agent)
 * gpu-check               on a real GPU: 64 MiB blocks through each device allocator, the device memory used before
 *                         and after (cudaMemGetInfo), out of memory, a double free, frees through new Pointers;
 *                         prints gpu=absent without a usable device
 * </pre>
 *
 * <p>Values: {@code VAL <call> <result>} for each call, {@code VAL info.used <bytes>} (cudaMemGetInfo: total - free).
 */
public final class CudaApis {
    static final long MIB = 1024 * 1024;
    static final List<Object> KEEP = new ArrayList<>();

    private CudaApis() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "runtime":
                Hold.mode(args[1]);
                runtime();
                break;
            case "runtime-errors":
                runtimeErrors();
                break;
            case "runtime-reset":
                runtimeReset();
                break;
            case "driver":
                Hold.mode(args[1]);
                driver();
                break;
            case "driver-errors":
                driverErrors();
                break;
            case "driver-destroy":
                driverDestroy();
                break;
            case "driver-primary":
                driverPrimary();
                break;
            case "failure":
                failure();
                break;
            case "gpu-check":
                gpuCheck();
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
    }

    static void val(String call, Object result) {
        Mark.val(call, result);
    }

    static void runtimeUsed() {
        long[] free = new long[1];
        long[] total = new long[1];
        int r = JCuda.cudaMemGetInfo(free, total);
        val("info.used", r == 0 ? total[0] - free[0] : -r);
    }

    static void runtime() {
        boolean close = Hold.mode() == Hold.Mode.CLOSED;
        Pointer dev = new Pointer();
        Mark.next("rt-malloc");
        val("cudaMalloc", JCuda.cudaMalloc(dev, 64 * MIB));
        Pointer managed = new Pointer();
        Mark.next("rt-managed");
        val("cudaMallocManaged", JCuda.cudaMallocManaged(managed, 32 * MIB, JCuda.cudaMemAttachGlobal));
        Pointer host = new Pointer();
        Mark.next("rt-host");
        val("cudaMallocHost", JCuda.cudaMallocHost(host, 16 * MIB));
        Pointer hostAlloc = new Pointer();
        Mark.next("rt-host-alloc");
        val("cudaHostAlloc", JCuda.cudaHostAlloc(hostAlloc, 8 * MIB, JCuda.cudaHostAllocDefault));
        Pointer pitched = new Pointer();
        long[] pitch = new long[1];
        Mark.next("rt-pitch");
        val("cudaMallocPitch", JCuda.cudaMallocPitch(pitched, pitch, 1000, 100));
        val("pitch", pitch[0]);
        cudaPitchedPtr p3 = new cudaPitchedPtr();
        Mark.next("rt-3d");
        val("cudaMalloc3D", JCuda.cudaMalloc3D(p3, new cudaExtent(1024, 16, 4)));
        val("pitch3d", p3.pitch);
        cudaArray array = new cudaArray();
        cudaChannelFormatDesc float4 = new cudaChannelFormatDesc(32, 32, 32, 32, cudaChannelFormatKind.cudaChannelFormatKindFloat);
        Mark.next("rt-array");
        val("cudaMallocArray", JCuda.cudaMallocArray(array, float4, 256, 256));
        cudaArray array3d = new cudaArray();
        Mark.next("rt-3d-array");
        val("cudaMalloc3DArray", JCuda.cudaMalloc3DArray(array3d, float4, new cudaExtent(64, 64, 8)));
        runtimeUsed();
        if (close) {
            // freed through new objects that carry the same address
            val("cudaFree", JCuda.cudaFree(dev.withByteOffset(0)));
            val("cudaFree.managed", JCuda.cudaFree(managed.withByteOffset(0)));
            val("cudaFreeHost", JCuda.cudaFreeHost(host.withByteOffset(0)));
            val("cudaFreeHost.alloc", JCuda.cudaFreeHost(hostAlloc.withByteOffset(0)));
            val("cudaFree.pitch", JCuda.cudaFree(pitched.withByteOffset(0)));
            val("cudaFree.3d", JCuda.cudaFree(p3.ptr.withByteOffset(0)));
            val("cudaFreeArray", JCuda.cudaFreeArray(array));
            val("cudaFreeArray.3d", JCuda.cudaFreeArray(array3d));
            runtimeUsed();
        }
        KEEP.add(dev);
    }

    static void runtimeErrors() {
        Pointer big = new Pointer();
        Mark.next("rt-oom");
        val("cudaMalloc.oom", JCuda.cudaMalloc(big, 1L << 50));
        JCuda.setExceptionsEnabled(true);
        try {
            Mark.next("rt-oom-exception");
            JCuda.cudaMalloc(big, 1L << 50);
            val("cudaMalloc.oom-exception", "none");
        } catch (CudaException e) {
            val("cudaMalloc.oom-exception", e.getClass().getSimpleName());
        }
        JCuda.setExceptionsEnabled(false);
        Pointer p = new Pointer();
        Mark.next("rt-double");
        val("cudaMalloc", JCuda.cudaMalloc(p, 4 * MIB));
        val("cudaFree.first", JCuda.cudaFree(p));
        val("cudaFree.second", JCuda.cudaFree(p.withByteOffset(0)));
        val("cudaFree.unknown", JCuda.cudaFree(p.withByteOffset(4096)));
        runtimeUsed();
    }

    static void runtimeReset() {
        for (int i = 0; i < 3; i++) {
            Pointer p = new Pointer();
            val("cudaMalloc." + i, JCuda.cudaMalloc(p, 8 * MIB));
            KEEP.add(p);
        }
        val("cudaDeviceReset", JCuda.cudaDeviceReset());
        runtimeUsed();
    }

    static CUcontext context() {
        JCudaDriver.cuInit(0);
        CUdevice device = new CUdevice();
        val("cuDeviceGet", JCudaDriver.cuDeviceGet(device, 0));
        CUcontext context = new CUcontext();
        val("cuCtxCreate", JCudaDriver.cuCtxCreate(context, 0, device));
        return context;
    }

    static void driverUsed() {
        long[] free = new long[1];
        long[] total = new long[1];
        int r = JCudaDriver.cuMemGetInfo(free, total);
        val("info.used", r == 0 ? total[0] - free[0] : -r);
    }

    static void driver() {
        boolean close = Hold.mode() == Hold.Mode.CLOSED;
        CUcontext context = context();
        CUdeviceptr dev = new CUdeviceptr();
        Mark.next("drv-alloc");
        val("cuMemAlloc", JCudaDriver.cuMemAlloc(dev, 64 * MIB));
        CUdeviceptr pitched = new CUdeviceptr();
        long[] pitch = new long[1];
        Mark.next("drv-pitch");
        val("cuMemAllocPitch", JCudaDriver.cuMemAllocPitch(pitched, pitch, 1000, 100, 4));
        val("pitch", pitch[0]);
        CUdeviceptr managed = new CUdeviceptr();
        Mark.next("drv-managed");
        val("cuMemAllocManaged", JCudaDriver.cuMemAllocManaged(managed, 32 * MIB, 1));
        Pointer host = new Pointer();
        Mark.next("drv-host");
        val("cuMemAllocHost", JCudaDriver.cuMemAllocHost(host, 16 * MIB));
        Pointer hostAlloc = new Pointer();
        Mark.next("drv-host-alloc");
        val("cuMemHostAlloc", JCudaDriver.cuMemHostAlloc(hostAlloc, 8 * MIB, 0));
        driverUsed();
        if (close) {
            val("cuMemFree", JCudaDriver.cuMemFree(dev.withByteOffset(0)));
            val("cuMemFree.pitch", JCudaDriver.cuMemFree(pitched.withByteOffset(0)));
            val("cuMemFree.managed", JCudaDriver.cuMemFree(managed.withByteOffset(0)));
            val("cuMemFreeHost", JCudaDriver.cuMemFreeHost(host.withByteOffset(0)));
            val("cuMemFreeHost.alloc", JCudaDriver.cuMemFreeHost(hostAlloc.withByteOffset(0)));
            driverUsed();
        }
        KEEP.add(context);
    }

    static void driverErrors() {
        context();
        CUdeviceptr big = new CUdeviceptr();
        Mark.next("drv-oom");
        val("cuMemAlloc.oom", JCudaDriver.cuMemAlloc(big, 1L << 50));
        JCudaDriver.setExceptionsEnabled(true);
        try {
            Mark.next("drv-oom-exception");
            JCudaDriver.cuMemAlloc(big, 1L << 50);
            val("cuMemAlloc.oom-exception", "none");
        } catch (CudaException e) {
            val("cuMemAlloc.oom-exception", e.getClass().getSimpleName());
        }
        JCudaDriver.setExceptionsEnabled(false);
        CUdeviceptr p = new CUdeviceptr();
        Mark.next("drv-double");
        val("cuMemAlloc", JCudaDriver.cuMemAlloc(p, 4 * MIB));
        val("cuMemFree.first", JCudaDriver.cuMemFree(p));
        val("cuMemFree.second", JCudaDriver.cuMemFree(p.withByteOffset(0)));
        driverUsed();
    }

    static void driverDestroy() {
        CUcontext context = context();
        for (int i = 0; i < 3; i++) {
            CUdeviceptr p = new CUdeviceptr();
            val("cuMemAlloc." + i, JCudaDriver.cuMemAlloc(p, 8 * MIB));
            KEEP.add(p);
        }
        val("cuCtxDestroy", JCudaDriver.cuCtxDestroy(context));
    }

    static long usedNow() {
        long[] free = new long[1];
        long[] total = new long[1];
        JCuda.cudaMemGetInfo(free, total);
        return total[0] - free[0];
    }

    static void gpuCheck() {
        int[] count = new int[1];
        int r;
        try {
            r = JCuda.cudaGetDeviceCount(count);
        } catch (Throwable t) {
            r = -1;
        }
        if (r != 0 || count[0] == 0) {
            val("gpu", "absent");
            return;
        }
        val("gpu", "present");
        JCuda.cudaFree(new Pointer()); // creates the primary context before the first measurement
        long before = usedNow();
        val("used.before", before);
        Pointer dev = new Pointer();
        Mark.next("gpu-malloc");
        val("cudaMalloc", JCuda.cudaMalloc(dev, 256 * MIB));
        Pointer pitched = new Pointer();
        long[] pitch = new long[1];
        Mark.next("gpu-pitch");
        val("cudaMallocPitch", JCuda.cudaMallocPitch(pitched, pitch, 64 * 1024, 1024));
        val("pitch", pitch[0]);
        cudaPitchedPtr p3 = new cudaPitchedPtr();
        Mark.next("gpu-3d");
        val("cudaMalloc3D", JCuda.cudaMalloc3D(p3, new cudaExtent(64 * 1024, 256, 4)));
        val("pitch3d", p3.pitch);
        Pointer managed = new Pointer();
        Mark.next("gpu-managed");
        val("cudaMallocManaged", JCuda.cudaMallocManaged(managed, 64 * MIB, JCuda.cudaMemAttachGlobal));
        Pointer host = new Pointer();
        Mark.next("gpu-host");
        val("cudaMallocHost", JCuda.cudaMallocHost(host, 64 * MIB));
        val("used.after", usedNow());
        long[] free = new long[1];
        long[] total = new long[1];
        JCuda.cudaMemGetInfo(free, total);
        Pointer tooBig = new Pointer();
        Mark.next("gpu-oom");
        val("cudaMalloc.oom", JCuda.cudaMalloc(tooBig, total[0] + 1024 * MIB));
        JCuda.cudaGetLastError();
        Pointer twice = new Pointer();
        Mark.next("gpu-double");
        val("cudaMalloc.twice", JCuda.cudaMalloc(twice, 64 * MIB));
        val("cudaFree.first", JCuda.cudaFree(twice.withByteOffset(0)));
        val("cudaFree.second", JCuda.cudaFree(twice.withByteOffset(0)));
        JCuda.cudaGetLastError();
        // the managed and pinned blocks are freed through new objects; the device blocks stay allocated at exit
        val("cudaFree.managed", JCuda.cudaFree(managed.withByteOffset(0)));
        val("cudaFreeHost", JCuda.cudaFreeHost(host.withByteOffset(0)));
        KEEP.add(dev);
        KEEP.add(pitched);
        KEEP.add(p3);
    }

    static void driverPrimary() {
        JCudaDriver.cuInit(0);
        CUdevice device = new CUdevice();
        val("cuDeviceGet", JCudaDriver.cuDeviceGet(device, 0));
        CUcontext primary = new CUcontext();
        val("cuDevicePrimaryCtxRetain", JCudaDriver.cuDevicePrimaryCtxRetain(primary, device));
        val("cuCtxSetCurrent", JCudaDriver.cuCtxSetCurrent(primary));
        for (int i = 0; i < 3; i++) {
            CUdeviceptr p = new CUdeviceptr();
            val("cuMemAlloc." + i, JCudaDriver.cuMemAlloc(p, 8 * MIB));
            KEEP.add(p);
        }
        jcuda.driver.CUmemAllocationProp prop = new jcuda.driver.CUmemAllocationProp();
        prop.type = jcuda.driver.CUmemAllocationType.CU_MEM_ALLOCATION_TYPE_PINNED;
        prop.location = new jcuda.driver.CUmemLocation(jcuda.driver.CUmemLocationType.CU_MEM_LOCATION_TYPE_DEVICE, 0);
        jcuda.driver.CUmemGenericAllocationHandle kept = new PaddedHandle();
        Mark.next("drv-mem-create");
        val("cuMemCreate", JCudaDriver.cuMemCreate(kept, 2 * MIB, prop, 0));
        jcuda.driver.CUmemGenericAllocationHandle released = new PaddedHandle();
        Mark.next("drv-mem-create-released");
        val("cuMemCreate.2", JCudaDriver.cuMemCreate(released, 2 * MIB, prop, 0));
        val("cuMemRelease", JCudaDriver.cuMemRelease(released));
        val("cuDevicePrimaryCtxReset", JCudaDriver.cuDevicePrimaryCtxReset(device));
        KEEP.add(kept);
    }

    /**
     * A handle for JCuda's {@code cuMemCreate} with 8 spare bytes: JCuda's native {@code cuMemCreate} (12.0.0 and
     * 12.6.0) writes 8 bytes past the handle object it is given (it sets a field of another class on it;
     * {@code -Xcheck:jni} says "Wrong field ID passed to JNI"), over the next object's header on the heap, and the JVM
     * crashes at a later collection, with or without an agent. The spare field takes the stray write.
     */
    static final class PaddedHandle extends jcuda.driver.CUmemGenericAllocationHandle {
        @SuppressWarnings("unused")
        private long spare;
    }

    /** Each call's outcome, whatever it is: a return code, or the class of what it threw. */
    interface Call {
        Object run();
    }

    static void outcome(String name, Call call) {
        Object result;
        try {
            result = call.run();
        } catch (Throwable t) {
            result = t.getClass().getName();
        }
        val(name, result);
    }

    static void failure() {
        outcome("cudaMalloc", () -> JCuda.cudaMalloc(new Pointer(), 64 * MIB));
        outcome("cudaMallocHost", () -> JCuda.cudaMallocHost(new Pointer(), 16 * MIB));
        outcome("cudaMallocManaged", () -> JCuda.cudaMallocManaged(new Pointer(), 16 * MIB, JCuda.cudaMemAttachGlobal));
        outcome("cudaFree", () -> JCuda.cudaFree(new Pointer()));
        outcome("cudaMalloc.exception", () -> {
            JCuda.setExceptionsEnabled(true);
            try {
                return JCuda.cudaMalloc(new Pointer(), 64 * MIB);
            } finally {
                JCuda.setExceptionsEnabled(false);
            }
        });
        outcome("cuInit", () -> JCudaDriver.cuInit(0));
        outcome("cuMemAlloc", () -> JCudaDriver.cuMemAlloc(new CUdeviceptr(), 64 * MIB));
    }
}
