package io.leakwatch.it.apps;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import jcuda.runtime.JCuda;

import java.util.List;

/**
 * {@code limit.cuda.bytes=64m} over the CUDA stand-ins (a class of its own: only its runs have JCuda): two runtime
 * allocations of 32 MiB from one site, then a runtime allocation refused (return code, then {@code CudaException}
 * with JCuda's exceptions enabled) and a driver allocation refused; a free makes room for another 32 MiB.
 */
public final class LimitCudaApis {
    static final List<Object> KEEP = Hold.KEEP;
    static final long MIB = 1024 * 1024;

    private LimitCudaApis() {
    }

    public static void main(String[] args) throws Exception {
        cuda();
        System.out.println("done");
    }

    static void cuda() throws Exception {
        for (int i = 0; i < 2; i++) {
            Pointer p = new Pointer();
            Mark.next("cuda-hold");
            Mark.val("hold." + i, JCuda.cudaMalloc(p, 32 * MIB));
            KEEP.add(p);
        }
        Pointer refused = new Pointer();
        Mark.next("cuda-refused");
        Mark.val("cudaMalloc.refused", JCuda.cudaMalloc(refused, MIB));
        JCuda.setExceptionsEnabled(true);
        try {
            Mark.next("cuda-refused-exception");
            JCuda.cudaMalloc(refused, MIB);
            Mark.val("cudaMalloc.exception", "none");
        } catch (CudaException e) {
            Mark.val("cudaMalloc.exception", e.getClass().getName());
            Mark.val("cudaMalloc.exception.message", e.getMessage());
        }
        JCuda.setExceptionsEnabled(false);
        CudaApis.context();
        CUdeviceptr dev = new CUdeviceptr();
        Mark.next("cuda-driver-refused");
        Mark.val("cuMemAlloc.refused", JCudaDriver.cuMemAlloc(dev, MIB));
        long[] free = new long[1];
        long[] total = new long[1];
        JCuda.cudaMemGetInfo(free, total);
        Mark.val("used", total[0] - free[0]);
        Mark.val("cudaFree", JCuda.cudaFree((Pointer) KEEP.remove(0)));
        Pointer after = new Pointer();
        Mark.next("cuda-after");
        Mark.val("cudaMalloc.after", JCuda.cudaMalloc(after, 32 * MIB));
        KEEP.add(after);
    }
}
