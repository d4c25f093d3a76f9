/*
 * Smoke test for the CUDA TEST STAND-INS (no GPU involved; allocations are host
 * memory), driven through the real JCuda Java classes from Maven Central.
 *
 * Modes (first argument):
 *   driver         JCudaDriver against the driver stand-in libcuda.so.1
 *                  (LD_LIBRARY_PATH, or -Dsmoke.preload=/path/libcuda.so.1).
 *                  Asserts; exit code 1 if a check fails.
 *   runtime        jcuda.runtime.JCuda against the runtime stand-in
 *                  (-Djava.library.path=<dir of libJCudaRuntime-...so>). Asserts.
 *   probe-driver   Reports, without asserting, what JCudaDriver does (used for
 *                  "no stand-in" and "forced error" runs; run.sh checks the output).
 *   probe-runtime  Same for jcuda.runtime.JCuda.
 *
 * Run by cuda-standin/smoke/run.sh.
 */
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;

import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUDA_ARRAY_DESCRIPTOR;
import jcuda.driver.CUarray;
import jcuda.driver.CUarray_format;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmemAllocationProp;
import jcuda.driver.CUmemAllocationType;
import jcuda.driver.CUmemAttach_flags;
import jcuda.driver.CUmemGenericAllocationHandle;
import jcuda.driver.CUmemLocation;
import jcuda.driver.CUmemLocationType;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaArray;
import jcuda.runtime.cudaChannelFormatDesc;
import jcuda.runtime.cudaChannelFormatKind;
import jcuda.runtime.cudaError;
import jcuda.runtime.cudaExtent;
import jcuda.runtime.cudaMemcpyKind;
import jcuda.runtime.cudaPitchedPtr;

public class Smoke
{
    private static final long MiB = 1L << 20;
    private static String mode;
    private static int checks;
    private static int failures;

    public static void main(String[] args) throws Exception
    {
        mode = args.length > 0 ? args[0] : "driver";
        say("java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"
            + ", java.library.path=" + System.getProperty("java.library.path")
            + ", LD_LIBRARY_PATH=" + System.getenv("LD_LIBRARY_PATH")
            + ", java.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        String preload = System.getProperty("smoke.preload");
        if (preload != null)
        {
            say("System.load(" + preload + ") before jcuda.driver.JCudaDriver is initialised");
            System.load(preload);
        }
        switch (mode)
        {
            case "driver": driver(); break;
            case "runtime": runtime(); break;
            case "probe-driver": probeDriver(); break;
            case "probe-runtime": probeRuntime(); break;
            default: throw new IllegalArgumentException("unknown mode " + mode);
        }
        printLoadedLibraries();
        if (mode.startsWith("probe"))
        {
            say("PROBE DONE");
            return;
        }
        if (failures == 0)
        {
            say("ALL " + checks + " CHECKS PASSED");
        }
        else
        {
            say(failures + " OF " + checks + " CHECKS FAILED");
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ driver

    private static void driver()
    {
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuInit(0);
        int[] count = new int[1];
        JCudaDriver.cuDeviceGetCount(count);
        check("cuDeviceGetCount == 1", count[0] == 1, "count=" + count[0]);
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, 0);
        byte[] name = new byte[128];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        say("cuDeviceGetName: " + cString(name));
        int[] version = new int[1];
        JCudaDriver.cuDriverGetVersion(version);
        say("cuDriverGetVersion: " + version[0]);

        CUcontext context = new CUcontext();
        JCudaDriver.cuCtxCreate(context, 0, device);
        say("cuCtxCreate -> " + context);
        long[] total = new long[1];
        long free0 = memGetInfoDriver(total);
        check("cuMemGetInfo before: free == total", free0 == total[0], "free=" + free0 + " total=" + total[0]);

        CUdeviceptr dptr = new CUdeviceptr();
        int rc = JCudaDriver.cuMemAlloc(dptr, 64 * MiB);
        say("cuMemAlloc(64 MiB) -> " + CUresult.stringFor(rc) + " " + dptr + " nativePointer=0x"
            + Long.toHexString(nativePointer(dptr)) + " byteOffset=" + byteOffset(dptr));
        check("cuMemAlloc(64 MiB) returns CUDA_SUCCESS with a non-zero address",
            rc == CUresult.CUDA_SUCCESS && nativePointer(dptr) != 0, "");
        long free1 = memGetInfoDriver(total);
        check("cuMemGetInfo after alloc: free dropped by 64 MiB", free0 - free1 == 64 * MiB,
            "free=" + free1 + " (was " + free0 + ")");

        int[] data = { 1, 2, 3, 42 };
        JCudaDriver.cuMemcpyHtoD(dptr, Pointer.to(data), data.length * Sizeof.INT);
        int[] back = new int[data.length];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(back), dptr, back.length * Sizeof.INT);
        check("cuMemcpyHtoD / cuMemcpyDtoH round trip", Arrays.equals(data, back), Arrays.toString(back));

        rc = JCudaDriver.cuMemFree(dptr);
        check("cuMemFree -> CUDA_SUCCESS", rc == CUresult.CUDA_SUCCESS, CUresult.stringFor(rc));
        check("cuMemGetInfo after free: free == total", memGetInfoDriver(total) == total[0], "");

        expectDriverException("cuMemFree twice (double free)", "CUDA_ERROR_INVALID_VALUE",
            () -> JCudaDriver.cuMemFree(dptr));

        CUdeviceptr huge = new CUdeviceptr();
        expectDriverException("cuMemAlloc(total + 1 byte)", "CUDA_ERROR_OUT_OF_MEMORY",
            () -> JCudaDriver.cuMemAlloc(huge, total[0] + 1));
        say("CUdeviceptr after failed cuMemAlloc: " + huge);

        JCudaDriver.setExceptionsEnabled(false);
        rc = JCudaDriver.cuMemAlloc(huge, total[0] + 1);
        check("exceptions disabled: cuMemAlloc(total + 1) returns 2 (CUDA_ERROR_OUT_OF_MEMORY)",
            rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY, "rc=" + rc);
        rc = JCudaDriver.cuMemFree(dptr);
        check("exceptions disabled: double cuMemFree returns 1 (CUDA_ERROR_INVALID_VALUE)",
            rc == CUresult.CUDA_ERROR_INVALID_VALUE, "rc=" + rc);
        JCudaDriver.setExceptionsEnabled(true);

        // Free through a different CUdeviceptr object with the same address.
        CUdeviceptr a = new CUdeviceptr();
        JCudaDriver.cuMemAlloc(a, 8 * MiB);
        CUdeviceptr copy = a.withByteOffset(0);
        check("withByteOffset(0) gives a new object with the same address",
            copy != a && nativePointer(copy) == nativePointer(a), copy.toString());
        check("cuMemFree through the copy -> CUDA_SUCCESS", JCudaDriver.cuMemFree(copy) == 0, "");
        expectDriverException("cuMemFree of the original after freeing the copy", "CUDA_ERROR_INVALID_VALUE",
            () -> JCudaDriver.cuMemFree(a));
        CUdeviceptr b = new CUdeviceptr();
        JCudaDriver.cuMemAlloc(b, 8 * MiB);
        expectDriverException("cuMemFree of an interior pointer (withByteOffset(16))", "CUDA_ERROR_INVALID_VALUE",
            () -> JCudaDriver.cuMemFree(b.withByteOffset(16)));
        JCudaDriver.cuMemFree(b);

        // Other allocation paths.
        CUdeviceptr pitched = new CUdeviceptr();
        long[] pitch = new long[1];
        JCudaDriver.cuMemAllocPitch(pitched, pitch, 1000, 100, 4);
        check("cuMemAllocPitch(1000 x 100): pitch 1024, 102400 bytes booked",
            pitch[0] == 1024 && total[0] - memGetInfoDriver(total) == 1024 * 100, "pitch=" + pitch[0]);
        JCudaDriver.cuMemFree(pitched);

        CUdeviceptr managedGlobal = new CUdeviceptr();
        JCudaDriver.cuMemAllocManaged(managedGlobal, MiB, CUmemAttach_flags.CU_MEM_ATTACH_GLOBAL);
        CUdeviceptr managedHost = new CUdeviceptr();
        JCudaDriver.cuMemAllocManaged(managedHost, MiB, CUmemAttach_flags.CU_MEM_ATTACH_HOST);
        say("cuMemAllocManaged GLOBAL -> " + managedGlobal + " buffer=" + buffer(managedGlobal));
        say("cuMemAllocManaged HOST   -> " + managedHost + " buffer=" + buffer(managedHost));
        check("cuMemAllocManaged(ATTACH_HOST) sets Pointer.buffer (direct), ATTACH_GLOBAL does not",
            buffer(managedHost) instanceof ByteBuffer && ((ByteBuffer) buffer(managedHost)).isDirect()
                && buffer(managedGlobal) == null, "");
        check("managed memory is booked against the device", total[0] - memGetInfoDriver(total) == 2 * MiB, "");
        JCudaDriver.cuMemFree(managedGlobal);
        JCudaDriver.cuMemFree(managedHost);

        Pointer host = new Pointer();
        JCudaDriver.cuMemAllocHost(host, MiB);
        Pointer hostAlloc = new Pointer();
        JCudaDriver.cuMemHostAlloc(hostAlloc, MiB, 0);
        say("cuMemAllocHost -> " + host + " nativePointer=0x" + Long.toHexString(nativePointer(host)));
        check("cuMemAllocHost / cuMemHostAlloc set a direct Pointer.buffer and nativePointer",
            buffer(host) instanceof ByteBuffer && nativePointer(host) != 0
                && buffer(hostAlloc) instanceof ByteBuffer && nativePointer(hostAlloc) != 0, "");
        check("pinned host memory is not shown by cuMemGetInfo", memGetInfoDriver(total) == total[0], "");
        expectDriverException("cuMemFree of a pinned host pointer", "CUDA_ERROR_INVALID_VALUE",
            () -> JCudaDriver.cuMemFree(devicePtrAt(nativePointer(host))));
        check("cuMemFreeHost -> CUDA_SUCCESS", JCudaDriver.cuMemFreeHost(host) == 0
            && JCudaDriver.cuMemFreeHost(hostAlloc) == 0, "");
        expectDriverException("cuMemFreeHost twice", "CUDA_ERROR_INVALID_VALUE",
            () -> JCudaDriver.cuMemFreeHost(host));

        CUarray array = new CUarray();
        CUDA_ARRAY_DESCRIPTOR desc = new CUDA_ARRAY_DESCRIPTOR();
        desc.Width = 256;
        desc.Height = 256;
        desc.Format = CUarray_format.CU_AD_FORMAT_FLOAT;
        desc.NumChannels = 1;
        JCudaDriver.cuArrayCreate(array, desc);
        check("cuArrayCreate(256x256 float) books 256 KiB", total[0] - memGetInfoDriver(total) == 256 * 1024,
            array.toString());
        JCudaDriver.cuArrayDestroy(array);
        expectDriverException("cuArrayDestroy twice", "CUDA_ERROR_INVALID_HANDLE",
            () -> JCudaDriver.cuArrayDestroy(array));

        CUmemAllocationProp prop = new CUmemAllocationProp();
        prop.type = CUmemAllocationType.CU_MEM_ALLOCATION_TYPE_PINNED;
        prop.location = new CUmemLocation(CUmemLocationType.CU_MEM_LOCATION_TYPE_DEVICE, 0);
        long[] granularity = new long[1];
        JCudaDriver.cuMemGetAllocationGranularity(granularity, prop, 0);
        CUmemGenericAllocationHandle handle = new CUmemGenericAllocationHandle();
        JCudaDriver.cuMemCreate(handle, 2 * granularity[0], prop, 0);
        check("cuMemCreate(2 x granularity) books the memory", total[0] - memGetInfoDriver(total) == 2 * granularity[0],
            handle + " granularity=" + granularity[0]);
        JCudaDriver.cuMemRelease(handle);
        expectDriverException("cuMemRelease twice", "CUDA_ERROR_INVALID_VALUE",
            () -> JCudaDriver.cuMemRelease(handle));

        CUdeviceptr async = new CUdeviceptr();
        JCudaDriver.cuMemAlloc(async, MiB);
        check("cuMemFreeAsync(ptr, null stream) -> CUDA_SUCCESS", JCudaDriver.cuMemFreeAsync(async, null) == 0, "");

        // Destroying a context releases what it held.
        CUdeviceptr leaked1 = new CUdeviceptr();
        CUdeviceptr leaked2 = new CUdeviceptr();
        JCudaDriver.cuMemAlloc(leaked1, 100 * MiB);
        JCudaDriver.cuMemAlloc(leaked2, 28 * MiB);
        check("128 MiB allocated in the context", total[0] - memGetInfoDriver(total) == 128 * MiB, "");
        JCudaDriver.cuCtxDestroy(context);
        CUcontext current = new CUcontext();
        JCudaDriver.cuCtxGetCurrent(current);
        check("after cuCtxDestroy no context is current", nativePointer(current) == 0, current.toString());
        JCudaDriver.setExceptionsEnabled(false);
        rc = JCudaDriver.cuMemGetInfo(new long[1], total);
        check("cuMemGetInfo without a current context -> CUDA_ERROR_INVALID_CONTEXT",
            rc == CUresult.CUDA_ERROR_INVALID_CONTEXT, CUresult.stringFor(rc));
        rc = JCudaDriver.cuCtxDestroy(context);
        check("cuCtxDestroy twice -> CUDA_ERROR_INVALID_CONTEXT", rc == CUresult.CUDA_ERROR_INVALID_CONTEXT,
            CUresult.stringFor(rc));
        JCudaDriver.setExceptionsEnabled(true);
        CUcontext context2 = new CUcontext();
        JCudaDriver.cuCtxCreate(context2, 0, device);
        check("new context: the destroyed context's 128 MiB are free again", memGetInfoDriver(total) == total[0], "");
        expectDriverException("cuMemFree of memory released by cuCtxDestroy", "CUDA_ERROR_INVALID_VALUE",
            () -> JCudaDriver.cuMemFree(leaked1));
        JCudaDriver.cuCtxDestroy(context2);

        // Primary context: reset releases what it held.
        CUcontext primary = new CUcontext();
        JCudaDriver.cuDevicePrimaryCtxRetain(primary, device);
        JCudaDriver.cuCtxSetCurrent(primary);
        CUdeviceptr inPrimary = new CUdeviceptr();
        JCudaDriver.cuMemAlloc(inPrimary, 32 * MiB);
        check("32 MiB allocated in the primary context", total[0] - memGetInfoDriver(total) == 32 * MiB, "");
        JCudaDriver.cuDevicePrimaryCtxReset(device);
        check("cuDevicePrimaryCtxReset releases the primary context's memory", memGetInfoDriver(total) == total[0], "");
        JCudaDriver.cuMemAlloc(inPrimary, 16 * MiB);
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
        JCudaDriver.cuDevicePrimaryCtxRetain(primary, device);
        check("final cuDevicePrimaryCtxRelease released the primary context's memory",
            memGetInfoDriver(total) == total[0], "");
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    private static long memGetInfoDriver(long[] total)
    {
        long[] free = new long[1];
        JCudaDriver.cuMemGetInfo(free, total);
        return free[0];
    }

    private static CUdeviceptr devicePtrAt(long address)
    {
        // CUdeviceptr has no public address constructor; offsetting a null pointer gives one.
        return new CUdeviceptr().withByteOffset(address);
    }

    private interface Call
    {
        int run();
    }

    private static void expectDriverException(String what, String expected, Call call)
    {
        try
        {
            int rc = call.run();
            check(what + " throws CudaException " + expected, false, "returned " + rc);
        }
        catch (CudaException e)
        {
            check(what + " throws CudaException " + expected, expected.equals(e.getMessage()),
                "message=" + e.getMessage());
        }
    }

    // ----------------------------------------------------------------- runtime

    private static void runtime()
    {
        JCuda.setExceptionsEnabled(false);
        int[] count = new int[1];
        int rc = JCuda.cudaGetDeviceCount(count);
        check("cudaGetDeviceCount -> cudaSuccess, 1 device", rc == 0 && count[0] == 1, rc + " / " + count[0]);
        check("cudaSetDevice(0) -> cudaSuccess", JCuda.cudaSetDevice(0) == 0, "");
        long[] free = new long[1];
        long[] total = new long[1];
        JCuda.cudaMemGetInfo(free, total);
        long free0 = free[0];
        check("cudaMemGetInfo before: free == total", free0 == total[0], free0 + " / " + total[0]);

        Pointer p = new Pointer();
        rc = JCuda.cudaMalloc(p, 64 * MiB);
        long address = nativePointer(p);
        say("cudaMalloc(64 MiB) -> " + rc + " " + p + " nativePointer=0x" + Long.toHexString(address)
            + " byteOffset=" + byteOffset(p) + " buffer=" + buffer(p));
        check("cudaMalloc(64 MiB) returns 0 with a non-zero address", rc == 0 && address != 0, "rc=" + rc);
        JCuda.cudaMemGetInfo(free, total);
        check("cudaMemGetInfo after cudaMalloc: free dropped by 64 MiB", free0 - free[0] == 64 * MiB,
            "free=" + free[0]);

        float[] data = { 1f, 2f, 3.5f };
        float[] back = new float[3];
        rc = JCuda.cudaMemcpy(p, Pointer.to(data), data.length * Sizeof.FLOAT, cudaMemcpyKind.cudaMemcpyHostToDevice);
        int rc2 = JCuda.cudaMemcpy(Pointer.to(back), p, back.length * Sizeof.FLOAT,
            cudaMemcpyKind.cudaMemcpyDeviceToHost);
        check("cudaMemcpy H2D / D2H round trip", rc == 0 && rc2 == 0 && Arrays.equals(data, back),
            Arrays.toString(back));
        rc = JCuda.cudaMemcpy(Pointer.to(back), Pointer.to(data), 4 * Sizeof.FLOAT,
            cudaMemcpyKind.cudaMemcpyDeviceToHost);
        check("cudaMemcpy D2H from a host (non device) address -> cudaErrorInvalidValue", rc == 1, "rc=" + rc);

        Pointer sameAddress = new Pointer(address) { };  // protected Pointer(long) via an anonymous subclass
        Pointer viaOffset = p.withByteOffset(0);
        check("new Pointer objects with the same address", nativePointer(sameAddress) == address
            && nativePointer(viaOffset) == address && viaOffset != p, sameAddress + " " + viaOffset);
        rc = JCuda.cudaFree(sameAddress);
        check("cudaFree through a NEW Pointer object with the same address -> 0", rc == 0, "rc=" + rc);
        JCuda.cudaMemGetInfo(free, total);
        check("cudaMemGetInfo after cudaFree: free == total", free[0] == total[0], "");
        rc = JCuda.cudaFree(p);
        check("cudaFree twice (double free) -> 1 (cudaErrorInvalidValue)", rc == cudaError.cudaErrorInvalidValue,
            "rc=" + rc);
        check("cudaFree(null pointer value) -> 0", JCuda.cudaFree(new Pointer()) == 0, "");

        Pointer huge = new Pointer();
        rc = JCuda.cudaMalloc(huge, total[0] + 1);
        say("Pointer after failed cudaMalloc: " + huge);
        check("cudaMalloc(total + 1) -> 2 (cudaErrorMemoryAllocation)", rc == cudaError.cudaErrorMemoryAllocation,
            "rc=" + rc);
        JCuda.setExceptionsEnabled(true);
        try
        {
            JCuda.cudaMalloc(huge, total[0] + 1);
            check("exceptions enabled: cudaMalloc(total + 1) throws", false, "no exception");
        }
        catch (CudaException e)
        {
            check("exceptions enabled: cudaMalloc(total + 1) throws CudaException cudaErrorMemoryAllocation",
                "cudaErrorMemoryAllocation".equals(e.getMessage()), e.getMessage());
        }
        JCuda.setExceptionsEnabled(false);

        // Other allocation paths.
        Pointer managedGlobal = new Pointer();
        Pointer managedHost = new Pointer();
        JCuda.cudaMallocManaged(managedGlobal, MiB, JCuda.cudaMemAttachGlobal);
        JCuda.cudaMallocManaged(managedHost, MiB, JCuda.cudaMemAttachHost);
        check("cudaMallocManaged(AttachHost) sets a direct Pointer.buffer, AttachGlobal does not",
            buffer(managedHost) instanceof ByteBuffer && buffer(managedGlobal) == null
                && nativePointer(managedGlobal) != 0, managedGlobal + " " + managedHost);

        Pointer pitched = new Pointer();
        long[] pitch = new long[1];
        JCuda.cudaMallocPitch(pitched, pitch, 1000, 10);
        check("cudaMallocPitch(1000 x 10) -> pitch 1024", pitch[0] == 1024 && nativePointer(pitched) != 0,
            "pitch=" + pitch[0]);

        cudaPitchedPtr pitched3d = new cudaPitchedPtr();
        rc = JCuda.cudaMalloc3D(pitched3d, new cudaExtent(100, 10, 2));
        check("cudaMalloc3D(100 x 10 x 2) sets cudaPitchedPtr.ptr/pitch/xsize/ysize",
            rc == 0 && nativePointer(pitched3d.ptr) != 0 && pitched3d.pitch == 512 && pitched3d.xsize == 100
                && pitched3d.ysize == 10, pitched3d.toString());

        cudaArray array = new cudaArray();
        cudaChannelFormatDesc desc = JCuda.cudaCreateChannelDesc(32, 0, 0, 0,
            cudaChannelFormatKind.cudaChannelFormatKindFloat);
        rc = JCuda.cudaMallocArray(array, desc, 64, 64);
        check("cudaMallocArray(64 x 64 float) -> 0", rc == 0 && nativePointer(array) != 0, array.toString());
        cudaArray array3d = new cudaArray();
        rc = JCuda.cudaMalloc3DArray(array3d, desc, new cudaExtent(16, 16, 16));
        check("cudaMalloc3DArray(16^3 float) -> 0", rc == 0 && nativePointer(array3d) != 0, array3d.toString());

        JCuda.cudaMemGetInfo(free, total);
        long expected = MiB + MiB + 1024 * 10 + 512 * 10 * 2 + 64 * 64 * 4 + 16 * 16 * 16 * 4;
        check("cudaMemGetInfo reflects managed + pitch + 3D + arrays", total[0] - free[0] == expected,
            "used=" + (total[0] - free[0]) + " expected=" + expected);

        Pointer host = new Pointer();
        JCuda.cudaMallocHost(host, MiB);
        Pointer hostAlloc = new Pointer();
        JCuda.cudaHostAlloc(hostAlloc, MiB, JCuda.cudaHostAllocDefault);
        check("cudaMallocHost / cudaHostAlloc set a direct Pointer.buffer and nativePointer",
            buffer(host) instanceof ByteBuffer && nativePointer(host) != 0 && buffer(hostAlloc) instanceof ByteBuffer,
            host.toString());
        check("cudaFree of a pinned host pointer -> 1", JCuda.cudaFree(host) == 1, "");
        check("cudaFreeHost -> 0", JCuda.cudaFreeHost(host) == 0, "");
        check("cudaFreeHost twice -> 1", JCuda.cudaFreeHost(host) == 1, "");
        check("cudaFreeArray -> 0, twice -> 1", JCuda.cudaFreeArray(array) == 0 && JCuda.cudaFreeArray(array) == 1, "");

        Pointer leaked = new Pointer();
        JCuda.cudaMalloc(leaked, 100 * MiB);
        rc = JCuda.cudaDeviceReset();
        JCuda.cudaMemGetInfo(free, total);
        check("cudaDeviceReset -> 0 and frees everything of the device", rc == 0 && free[0] == total[0],
            "free=" + free[0]);
        check("cudaFree after cudaDeviceReset -> 1", JCuda.cudaFree(leaked) == 1, "");
        check("cudaFreeHost of memory released by cudaDeviceReset -> 1", JCuda.cudaFreeHost(hostAlloc) == 1, "");
        check("cudaGetErrorString(2) via the stand-in", "out of memory".equals(JCuda.cudaGetErrorString(2)),
            JCuda.cudaGetErrorString(2));
    }

    // ------------------------------------------------------------------ probes

    private static void probeDriver()
    {
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            try
            {
                JCudaDriver.setExceptionsEnabled(false);
                say("attempt " + attempt + ": jcuda.driver.JCudaDriver initialised");
                break;
            }
            catch (Throwable t)
            {
                sayThrowable("attempt " + attempt + ": JCudaDriver.setExceptionsEnabled", t);
            }
        }
        try
        {
            int rc = JCudaDriver.cuInit(0);
            say("cuInit(0) -> " + rc + " " + CUresult.stringFor(rc));
            int[] count = new int[1];
            rc = JCudaDriver.cuDeviceGetCount(count);
            say("cuDeviceGetCount -> " + rc + " " + CUresult.stringFor(rc) + " count=" + count[0]);
            CUdevice device = new CUdevice();
            rc = JCudaDriver.cuDeviceGet(device, 0);
            say("cuDeviceGet(0) -> " + rc + " " + CUresult.stringFor(rc));
            CUcontext context = new CUcontext();
            rc = JCudaDriver.cuCtxCreate(context, 0, device);
            say("cuCtxCreate -> " + rc + " " + CUresult.stringFor(rc));
            CUdeviceptr dptr = new CUdeviceptr();
            rc = JCudaDriver.cuMemAlloc(dptr, 64 * MiB);
            say("cuMemAlloc(64 MiB) -> " + rc + " " + CUresult.stringFor(rc) + " " + dptr);
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            say("exceptions enabled: cuInit(0) did not throw");
        }
        catch (Throwable t)
        {
            sayThrowable("exceptions enabled: cuInit(0)", t);
        }
    }

    private static void probeRuntime()
    {
        try
        {
            JCuda.setExceptionsEnabled(false);
            int[] count = new int[1];
            int rc = JCuda.cudaGetDeviceCount(count);
            say("cudaGetDeviceCount -> " + rc + " " + cudaError.stringFor(rc) + " count=" + count[0]);
            Pointer p = new Pointer();
            rc = JCuda.cudaMalloc(p, 64 * MiB);
            say("cudaMalloc(64 MiB) -> " + rc + " " + cudaError.stringFor(rc) + " " + p);
            long[] free = new long[1];
            long[] total = new long[1];
            rc = JCuda.cudaMemGetInfo(free, total);
            say("cudaMemGetInfo -> " + rc + " " + cudaError.stringFor(rc) + " free=" + free[0] + " total=" + total[0]);
            rc = JCuda.cudaFree(p);
            say("cudaFree -> " + rc + " " + cudaError.stringFor(rc));
            say("cudaGetErrorString(" + 35 + ") -> " + JCuda.cudaGetErrorString(35));
            JCuda.setExceptionsEnabled(true);
            JCuda.cudaMalloc(p, 64 * MiB);
            say("exceptions enabled: cudaMalloc did not throw");
        }
        catch (Throwable t)
        {
            sayThrowable("runtime call", t);
        }
    }

    // ----------------------------------------------------------------- helpers

    private static void check(String what, boolean ok, String detail)
    {
        checks++;
        if (!ok)
        {
            failures++;
        }
        say((ok ? "PASS " : "FAIL ") + what + (detail.isEmpty() ? "" : "  [" + detail + "]"));
    }

    private static void say(String message)
    {
        System.out.println("[smoke " + mode + "] " + message);
        System.out.flush();
    }

    private static void sayThrowable(String what, Throwable t)
    {
        String message = String.valueOf(t.getMessage());
        String[] lines = message.split("\\R");
        say(what + " threw " + t.getClass().getName() + ": " + lines[0]);
        for (String line : lines)
        {
            if (line.contains("cannot open shared object") || line.contains("libcuda") || line.contains("UnsatisfiedLink"))
            {
                say("    | " + line.trim());
            }
        }
        if (t.getCause() != null)
        {
            say("    cause: " + String.valueOf(t.getCause()).split("\\R")[0]);
        }
    }

    private static String cString(byte[] bytes)
    {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0)
        {
            n++;
        }
        return new String(bytes, 0, n);
    }

    private static long nativePointer(NativePointerObject object)
    {
        return (Long) field(NativePointerObject.class, "nativePointer", object);
    }

    private static long byteOffset(Pointer pointer)
    {
        return (Long) field(Pointer.class, "byteOffset", pointer);
    }

    private static Object buffer(Pointer pointer)
    {
        return field(Pointer.class, "buffer", pointer);
    }

    private static Object field(Class<?> owner, String name, Object object)
    {
        try
        {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(object);
        }
        catch (ReflectiveOperationException e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static void printLoadedLibraries()
    {
        try
        {
            Files.readAllLines(Paths.get("/proc/self/maps")).stream()
                .filter(l -> l.contains("libcuda") || l.contains("JCuda"))
                .map(l -> l.substring(l.indexOf('/')))
                .distinct()
                .forEach(l -> say("mapped native library: " + l));
        }
        catch (IOException e)
        {
            say("cannot read /proc/self/maps: " + e);
        }
    }
}
