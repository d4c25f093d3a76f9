package io.leakwatch.family.cuda;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.cuda.boot.CudaHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * CUDA memory through JCuda (kind {@code cuda}): the public static methods of {@code jcuda.runtime.JCuda} and
 * {@code jcuda.driver.JCudaDriver} that allocate and free, each a Java wrapper around a private native method.
 *
 * <ul>
 *   <li>An allocation is recorded when the wrapper returned normally with 0 ({@code CUDA_SUCCESS}); with JCuda's
 *       exceptions enabled a failure throws, and the exit advice sees the throwable first. It is keyed by the address
 *       the free will name, read from the pointer object after the call (JCuda frees {@code nativePointer +
 *       byteOffset}), so a free through another {@code Pointer} object with that address matches, and overloads
 *       calling each other record one allocation.</li>
 *   <li>Sizes: the requested bytes; pitched allocations {@code pitch x height (x depth)}; arrays width x height x depth
 *       x the element size of their channel format (a mipmapped array counts its base level).</li>
 *   <li>The device (the runtime's current device, the driver's current context's device) and the driver context are
 *       asked right after a successful allocation, so that {@code cudaDeviceReset}, {@code cuDevicePrimaryCtxReset}
 *       and {@code cuCtxDestroy} release what they free.</li>
 *   <li>{@code limit.cuda.bytes} is checked on entry, with the size the call asks for (a pitched allocation's
 *       unpadded width x height): a refused allocation is skipped, and the wrapper
 *       returns the out-of-memory result ({@code cudaErrorMemoryAllocation} or {@code CUDA_ERROR_OUT_OF_MEMORY},
 *       both 2), or throws {@code CudaException} when the application enabled JCuda's exceptions (read from
 *       JCuda's own {@code exceptionsEnabled} flag, so the application sees exactly what an out-of-memory device
 *       gives it).</li>
 *   <li>The agent has no JCuda: the plans name the classes and methods, and the advice (compiled against JCuda,
 *       inlined into JCuda's own classes) is given by name, never loaded by the agent. Nothing happens until the
 *       application loads JCuda.</li>
 * </ul>
 *
 * <p>Longer than most classes because JCuda has one static wrapper per allocation and free function, in the runtime
 * and the driver API, each with its own size and pointer arguments, and so its own small advice class.
 *
 * <p>Thread-safe: stateless; the plans it returns are immutable.
 */
public final class CudaFamily implements AdvicePlan.Advisor, Family {
    private static final CudaFamily ADVICE = new CudaFamily();

    static {
        Family.register(ADVICE);
    }

    static final String RUNTIME = "jcuda.runtime.JCuda";
    static final String DRIVER = "jcuda.driver.JCudaDriver";
    /** {@code cudaErrorMemoryAllocation}: the runtime API's out-of-memory result. */
    static final int RUNTIME_OUT_OF_MEMORY = 2;
    /** {@code CUDA_ERROR_OUT_OF_MEMORY}: the driver API's out-of-memory result. */
    static final int DRIVER_OUT_OF_MEMORY = 2;

    private CudaFamily() {
    }

    private static ElementMatcher.Junction<MethodDescription> api(String... names) {
        return isPublic().and(isStatic()).and(returns(int.class)).and(namedOneOf(names));
    }

    /** This family's plans (see {@link Family}): JCuda's allocations and frees. */
    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        return CudaFamily.plans();
    }

    /** The plans for kind {@code cuda}. */
    public static List<AdvicePlan> plans() {
        return AdvicePlan.on(ADVICE, RUNTIME, DRIVER);
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        String self = CudaFamily.class.getName() + "$";
        switch (typeName) {
            case RUNTIME:
                b.adviseByName(self + "RuntimeAlloc", api("cudaMalloc", "cudaMallocManaged", "cudaMallocHost",
                    "cudaHostAlloc", "cudaMallocAsync", "cudaMallocFromPoolAsync").and(takesArgument(1, long.class)))
                 .adviseByName(self + "RuntimePitch", api("cudaMallocPitch").and(takesArguments(4)))
                 .adviseByName(self + "Runtime3D", api("cudaMalloc3D").and(takesArguments(2)))
                 // the array allocators' overloads without flags call these (JCuda 12.0 and 12.6): one event each
                 .adviseByName(self + "RuntimeArray", api("cudaMallocArray").and(takesArguments(5)))
                 .adviseByName(self + "Runtime3DArray", api("cudaMalloc3DArray").and(takesArguments(4)))
                 .adviseByName(self + "Runtime3DArray", api("cudaMallocMipmappedArray").and(takesArguments(5)))
                 .adviseByName(self + "Free", api("cudaFree", "cudaFreeHost", "cudaFreeArray", "cudaFreeMipmappedArray",
                     "cudaFreeAsync"))
                 .adviseByName(self + "RuntimeReset", api("cudaDeviceReset").and(takesArguments(0)));
                break;
            case DRIVER:
                b.adviseByName(self + "DriverAlloc", api("cuMemAlloc", "cuMemAllocManaged", "cuMemAllocHost",
                    "cuMemHostAlloc", "cuMemAllocAsync", "cuMemAllocFromPoolAsync", "cuMemCreate")
                    .and(takesArgument(1, long.class)))
                 .adviseByName(self + "DriverPitch", api("cuMemAllocPitch").and(takesArguments(5)))
                 .adviseByName(self + "Free", api("cuMemFree", "cuMemFreeHost", "cuMemFreeAsync", "cuMemRelease"))
                 .adviseByName(self + "ContextDestroyed", api("cuCtxDestroy").and(takesArguments(1)))
                 .adviseByName(self + "PrimaryReset", api("cuDevicePrimaryCtxReset").and(takesArguments(1)))
                 .adviseByName(self + "PrimaryRetained", api("cuDevicePrimaryCtxRetain").and(takesArguments(2)));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    // ---- advice: inlined into JCuda's classes, so it may name JCuda's types in its body; its parameters are
    // ---- declared as Object so that Byte Buddy never needs JCuda's classes to read it

    static final class RuntimeAlloc {
        private RuntimeAlloc() {
        }

        /** {@code limit.cuda.bytes}: a non-null refusal skips the allocation (see the class comment). */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static String enter(@Advice.Argument(1) long size) {
            return CudaHooks.refusal(size);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter String refused, @Advice.Return(readOnly = false) int result,
                         @Advice.Thrown(readOnly = false) Throwable failed,
                         @Advice.FieldValue("exceptionsEnabled") boolean exceptions, @Advice.Argument(0) Object ptr,
                         @Advice.Argument(1) long size, @Advice.Origin("#m") String api) {
            if (refused != null) {
                // what JCuda returns (or, with its exceptions enabled, throws) when the device is out of memory
                if (exceptions) {
                    failed = new jcuda.CudaException(refused);
                } else {
                    result = RUNTIME_OUT_OF_MEMORY;
                }
            } else if (failed == null && result == 0) {
                int[] device = {-1};
                try {
                    jcuda.runtime.JCuda.cudaGetDevice(device);
                } catch (Throwable unknown) {
                    device[0] = -1;
                }
                CudaHooks.allocated(result, failed, ptr, size, device[0], null, api,
                                    CudaHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class RuntimePitch {
        private RuntimePitch() {
        }

        /** {@code limit.cuda.bytes}: a non-null refusal skips the allocation (see the class comment). */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static String enter(@Advice.Argument(2) long width, @Advice.Argument(3) long height) {
            return CudaHooks.refusal(width * Math.max(1, height));
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter String refused, @Advice.Return(readOnly = false) int result,
                         @Advice.Thrown(readOnly = false) Throwable failed,
                         @Advice.FieldValue("exceptionsEnabled") boolean exceptions, @Advice.Argument(0) Object ptr,
                         @Advice.Argument(1) long[] pitch, @Advice.Argument(3) long height,
                         @Advice.Origin("#m") String api) {
            if (refused != null) {
                // what JCuda returns (or, with its exceptions enabled, throws) when the device is out of memory
                if (exceptions) {
                    failed = new jcuda.CudaException(refused);
                } else {
                    result = RUNTIME_OUT_OF_MEMORY;
                }
            } else if (failed == null && result == 0) {
                int[] device = {-1};
                try {
                    jcuda.runtime.JCuda.cudaGetDevice(device);
                } catch (Throwable unknown) {
                    device[0] = -1;
                }
                CudaHooks.allocated(result, failed, ptr, pitch[0] * Math.max(1, height), device[0], null, api,
                                    CudaHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class Runtime3D {
        private Runtime3D() {
        }

        /** {@code limit.cuda.bytes}: a non-null refusal skips the allocation (see the class comment). */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static String enter(@Advice.Argument(1) Object extent) {
            jcuda.runtime.cudaExtent e = (jcuda.runtime.cudaExtent) extent;
            return CudaHooks.refusal(e.width * Math.max(1, e.height) * Math.max(1, e.depth));
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter String refused, @Advice.Return(readOnly = false) int result,
                         @Advice.Thrown(readOnly = false) Throwable failed,
                         @Advice.FieldValue("exceptionsEnabled") boolean exceptions, @Advice.Argument(0) Object pitched,
                         @Advice.Argument(1) Object extent, @Advice.Origin("#m") String api) {
            if (refused != null) {
                // what JCuda returns (or, with its exceptions enabled, throws) when the device is out of memory
                if (exceptions) {
                    failed = new jcuda.CudaException(refused);
                } else {
                    result = RUNTIME_OUT_OF_MEMORY;
                }
            } else if (failed == null && result == 0) {
                jcuda.runtime.cudaPitchedPtr p = (jcuda.runtime.cudaPitchedPtr) pitched;
                jcuda.runtime.cudaExtent e = (jcuda.runtime.cudaExtent) extent;
                int[] device = {-1};
                try {
                    jcuda.runtime.JCuda.cudaGetDevice(device);
                } catch (Throwable unknown) {
                    device[0] = -1;
                }
                CudaHooks.allocated(result, failed, p.ptr, p.pitch * Math.max(1, e.height) * Math.max(1, e.depth),
                                    device[0], null, api, CudaHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class RuntimeArray {
        private RuntimeArray() {
        }

        /** {@code limit.cuda.bytes}: a non-null refusal skips the allocation (see the class comment). */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static String enter(@Advice.Argument(1) Object format, @Advice.Argument(2) long width,
                            @Advice.Argument(3) long height) {
            jcuda.runtime.cudaChannelFormatDesc d = (jcuda.runtime.cudaChannelFormatDesc) format;
            return CudaHooks.refusal((d.x + d.y + d.z + d.w) / 8 * width * Math.max(1, height));
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter String refused, @Advice.Return(readOnly = false) int result,
                         @Advice.Thrown(readOnly = false) Throwable failed,
                         @Advice.FieldValue("exceptionsEnabled") boolean exceptions, @Advice.Argument(0) Object array,
                         @Advice.Argument(1) Object format, @Advice.Argument(2) long width,
                         @Advice.Argument(3) long height, @Advice.Origin("#m") String api) {
            if (refused != null) {
                // what JCuda returns (or, with its exceptions enabled, throws) when the device is out of memory
                if (exceptions) {
                    failed = new jcuda.CudaException(refused);
                } else {
                    result = RUNTIME_OUT_OF_MEMORY;
                }
            } else if (failed == null && result == 0) {
                jcuda.runtime.cudaChannelFormatDesc d = (jcuda.runtime.cudaChannelFormatDesc) format;
                long element = (d.x + d.y + d.z + d.w) / 8;
                int[] device = {-1};
                try {
                    jcuda.runtime.JCuda.cudaGetDevice(device);
                } catch (Throwable unknown) {
                    device[0] = -1;
                }
                CudaHooks.allocated(result, failed, array, element * width * Math.max(1, height), device[0], null, api,
                                    CudaHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class Runtime3DArray {
        private Runtime3DArray() {
        }

        /** {@code limit.cuda.bytes}: a non-null refusal skips the allocation (see the class comment). */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static String enter(@Advice.Argument(1) Object format, @Advice.Argument(2) Object extent) {
            jcuda.runtime.cudaChannelFormatDesc d = (jcuda.runtime.cudaChannelFormatDesc) format;
            jcuda.runtime.cudaExtent e = (jcuda.runtime.cudaExtent) extent;
            return CudaHooks.refusal((d.x + d.y + d.z + d.w) / 8 * e.width * Math.max(1, e.height) * Math.max(1, e.depth));
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter String refused, @Advice.Return(readOnly = false) int result,
                         @Advice.Thrown(readOnly = false) Throwable failed,
                         @Advice.FieldValue("exceptionsEnabled") boolean exceptions, @Advice.Argument(0) Object array,
                         @Advice.Argument(1) Object format, @Advice.Argument(2) Object extent,
                         @Advice.Origin("#m") String api) {
            if (refused != null) {
                // what JCuda returns (or, with its exceptions enabled, throws) when the device is out of memory
                if (exceptions) {
                    failed = new jcuda.CudaException(refused);
                } else {
                    result = RUNTIME_OUT_OF_MEMORY;
                }
            } else if (failed == null && result == 0) {
                jcuda.runtime.cudaChannelFormatDesc d = (jcuda.runtime.cudaChannelFormatDesc) format;
                jcuda.runtime.cudaExtent e = (jcuda.runtime.cudaExtent) extent;
                long element = (d.x + d.y + d.z + d.w) / 8;
                int[] device = {-1};
                try {
                    jcuda.runtime.JCuda.cudaGetDevice(device);
                } catch (Throwable unknown) {
                    device[0] = -1;
                }
                CudaHooks.allocated(result, failed, array,
                                    element * e.width * Math.max(1, e.height) * Math.max(1, e.depth), device[0], null,
                                    api, CudaHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class RuntimeReset {
        private RuntimeReset() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Return int result, @Advice.Thrown Throwable failed) {
            if (failed == null && result == 0) {
                int[] device = {-1};
                try {
                    jcuda.runtime.JCuda.cudaGetDevice(device);
                } catch (Throwable unknown) {
                    device[0] = -1;
                }
                CudaHooks.contextGone(result, failed, null, device[0]);
            }
        }
    }

    static final class DriverAlloc {
        private DriverAlloc() {
        }

        /** {@code limit.cuda.bytes}: a non-null refusal skips the allocation (see the class comment). */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static String enter(@Advice.Argument(1) long size) {
            return CudaHooks.refusal(size);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter String refused, @Advice.Return(readOnly = false) int result,
                         @Advice.Thrown(readOnly = false) Throwable failed,
                         @Advice.FieldValue("exceptionsEnabled") boolean exceptions, @Advice.Argument(0) Object ptr,
                         @Advice.Argument(1) long size, @Advice.Origin("#m") String api) {
            if (refused != null) {
                // what JCuda returns (or, with its exceptions enabled, throws) when the device is out of memory
                if (exceptions) {
                    failed = new jcuda.CudaException(refused);
                } else {
                    result = DRIVER_OUT_OF_MEMORY;
                }
            } else if (failed == null && result == 0) {
                jcuda.driver.CUcontext context = new jcuda.driver.CUcontext();
                jcuda.driver.CUdevice device = new jcuda.driver.CUdevice();
                try {
                    jcuda.driver.JCudaDriver.cuCtxGetCurrent(context);
                    jcuda.driver.JCudaDriver.cuCtxGetDevice(device);
                } catch (Throwable unknown) {
                    // recorded without a context: a context destroy then cannot release it, cuMemFree still does
                }
                CudaHooks.allocated(result, failed, ptr, size, CudaHooks.deviceOrdinal(device), context, api,
                                    CudaHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class DriverPitch {
        private DriverPitch() {
        }

        /** {@code limit.cuda.bytes}: a non-null refusal skips the allocation (see the class comment). */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static String enter(@Advice.Argument(2) long width, @Advice.Argument(3) long height) {
            return CudaHooks.refusal(width * Math.max(1, height));
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter String refused, @Advice.Return(readOnly = false) int result,
                         @Advice.Thrown(readOnly = false) Throwable failed,
                         @Advice.FieldValue("exceptionsEnabled") boolean exceptions, @Advice.Argument(0) Object ptr,
                         @Advice.Argument(1) long[] pitch, @Advice.Argument(3) long height,
                         @Advice.Origin("#m") String api) {
            if (refused != null) {
                // what JCuda returns (or, with its exceptions enabled, throws) when the device is out of memory
                if (exceptions) {
                    failed = new jcuda.CudaException(refused);
                } else {
                    result = DRIVER_OUT_OF_MEMORY;
                }
            } else if (failed == null && result == 0) {
                jcuda.driver.CUcontext context = new jcuda.driver.CUcontext();
                jcuda.driver.CUdevice device = new jcuda.driver.CUdevice();
                try {
                    jcuda.driver.JCudaDriver.cuCtxGetCurrent(context);
                    jcuda.driver.JCudaDriver.cuCtxGetDevice(device);
                } catch (Throwable unknown) {
                    // as in DriverAlloc
                }
                CudaHooks.allocated(result, failed, ptr, pitch[0] * Math.max(1, height), CudaHooks.deviceOrdinal(device),
                                    context, api, CudaHooks.captureStack() ? new Throwable() : null);
            }
        }
    }

    static final class Free {
        private Free() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Return int result, @Advice.Thrown Throwable failed, @Advice.Argument(0) Object ptr) {
            CudaHooks.freed(result, failed, ptr);
        }
    }

    static final class ContextDestroyed {
        private ContextDestroyed() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Return int result, @Advice.Thrown Throwable failed, @Advice.Argument(0) Object ctx) {
            CudaHooks.contextGone(result, failed, ctx, -1);
        }
    }

    static final class PrimaryReset {
        private PrimaryReset() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Return int result, @Advice.Thrown Throwable failed, @Advice.Argument(0) Object dev) {
            CudaHooks.contextGone(result, failed, null, CudaHooks.deviceOrdinal(dev));
        }
    }

    static final class PrimaryRetained {
        private PrimaryRetained() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Return int result, @Advice.Thrown Throwable failed, @Advice.Argument(0) Object ctx) {
            CudaHooks.primaryContext(result, failed, ctx);
        }
    }
}
