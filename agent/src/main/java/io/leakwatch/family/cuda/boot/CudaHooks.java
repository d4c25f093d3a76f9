package io.leakwatch.family.cuda.boot;

import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.TrackedAllocation;

/**
 * What the {@code cuda} family's advice calls: JCuda's allocations, frees and context ends, recorded as blocks of the
 * kind in bytes through {@link Hooks#allocated}, {@link Hooks#freed} and {@link Hooks#freedIf}. A block's group is the
 * driver context it was allocated in (0: the runtime's, i.e. the device's primary context; -1: a physical memory
 * handle, which no context owns).
 *
 * <p>Defined in the boot loader with the bootstrap package (advice inlined into JCuda's classes calls it). Thread-safe:
 * stateless but for {@link PrimaryContexts}. Every entry point suppresses its own failures: a missed block, never a
 * broken CUDA call.
 */
public final class CudaHooks {
    private CudaHooks() {
    }

    /**
     * Before a JCuda allocation of {@code bytes}: {@code null} to go ahead, or the message of the refusal by
     * {@code limit.cuda.bytes} (the advice then skips the allocation and returns the out-of-memory code, or throws
     * JCuda's exception when the application enabled them).
     */
    public static String refusal(long bytes) {
        return Hooks.refusal(ResourceKind.CUDA, Math.max(0, bytes));
    }

    /** Whether this allocation's stack is recorded (CUDA allocations have a stack budget of their own). */
    public static boolean captureStack() {
        return Hooks.captureStack(ResourceKind.CUDA);
    }

    /**
     * A JCuda allocation returned: recorded when it succeeded ({@code failed == null} and {@code result == 0}) at the
     * address {@code pointer} now names, by {@code api} (the JCuda method, which tells the memory type);
     * {@code device} is the current device (-1 if unknown); {@code context} the current driver context object (null
     * for the runtime API). {@code capturedAt} was created in the JCuda method (the stack policy decided), or is null.
     */
    public static void allocated(int result, Throwable failed, Object pointer, long bytes, int device,
                                 Object context, String api, Throwable capturedAt) {
        if (failed != null || result != 0) {
            return;
        }
        try {
            long address = CudaPointers.addressOf(pointer);
            CudaBlock block = new CudaBlock(address, Math.max(0, bytes), device, api);
            long group = block.isPhysical() ? -1 : CudaPointers.addressOf(context);
            Hooks.allocated(ResourceKind.CUDA, address, bytes, device, group, block, capturedAt);
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /** A JCuda free returned: the block at the address {@code pointer} names is released if the free succeeded. */
    public static void freed(int result, Throwable failed, Object pointer) {
        if (failed != null || result != 0) {
            return;
        }
        try {
            Hooks.freed(ResourceKind.CUDA, CudaPointers.addressOf(pointer));
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /**
     * A driver context was destroyed ({@code context} non-null), or a device's primary context reset or the device
     * reset through the runtime ({@code context} null, {@code device} the ordinal): what it held is released.
     */
    public static void contextGone(int result, Throwable failed, Object context, int device) {
        if (failed != null || result != 0) {
            return;
        }
        try {
            long ctx = CudaPointers.addressOf(context);
            if (context == null || ctx != 0) {
                Hooks.freedIf(ResourceKind.CUDA, new HeldBy(ctx, device, PrimaryContexts.snapshot()));
            }
        } catch (Throwable t) {
            Hooks.agentFailed();
        }
    }

    /** {@code cuDevicePrimaryCtxRetain} returned a device's primary context: a reset of that device releases it. */
    public static void primaryContext(int result, Throwable failed, Object context) {
        if (failed == null && result == 0) {
            try {
                PrimaryContexts.add(CudaPointers.addressOf(context));
            } catch (Throwable ignored) {
                // a missed primary context: its allocations are then released only by cuCtxDestroy
            }
        }
    }

    /** The ordinal a JCuda {@code CUdevice} object holds (its native pointer is the device number). */
    public static int deviceOrdinal(Object device) {
        try {
            return (int) CudaPointers.addressOf(device);
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * The blocks a destroyed context (or, for context 0, a device's reset) held. A named class, not a lambda: code in
     * the boot loader spins no hidden classes.
     */
    private static final class HeldBy implements java.util.function.Predicate<TrackedAllocation> {
        private final long context;
        private final int device;
        private final long[] primaryContexts;

        HeldBy(long context, int device, long[] primaryContexts) {
            this.context = context;
            this.device = device;
            this.primaryContexts = primaryContexts;
        }

        @Override
        public boolean test(TrackedAllocation a) {
            return context != 0
                ? a.group() == context
                : a.device() == device && (a.group() == 0 || contains(primaryContexts, a.group()));
        }

        private static boolean contains(long[] values, long v) {
            for (long x : values) {
                if (x == v) {
                    return true;
                }
            }
            return false;
        }
    }
}
