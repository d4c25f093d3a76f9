package io.leakwatch.bootstrap;

/**
 * One block of CUDA memory allocated and not yet freed, keyed by its address: the address the matching free names,
 * whatever Java object carries it (JCuda frees {@code nativePointer + byteOffset}; a {@code Pointer} made later for
 * the same address frees the same block).
 *
 * <p>Unlike {@link TrackedResource} it holds no reference to any Java object: device memory lives until it is freed
 * or its context is destroyed, whatever becomes of the {@code Pointer}, so a block is {@code open} until then.
 *
 * <p>Immutable; thread-safe.
 */
final class TrackedAllocation {
    /** Memory types, for descriptions. */
    static final int DEVICE = 0;
    static final int PINNED_HOST = 1;
    static final int MANAGED = 2;
    static final int ARRAY = 3;
    static final int PHYSICAL = 4;
    private static final String[] TYPES = {"device memory", "pinned host memory", "managed memory", "CUDA array",
                                           "physical memory handle"};

    final long id;
    final long address;
    final long bytes;
    final int type;
    /** Device ordinal, or -1 when unknown. */
    final int device;
    /** The driver context it was allocated in, or 0 for the runtime's (the device's primary context). */
    final long context;
    final String api;
    /** The allocating thread and the test it ran, shared with the thread's other records. */
    final Acquirer acquirer;
    final long acquiredAtMillis;
    final InternedStack stack;
    /** The registry's {@link ResourceRegistry#mark() mark} epoch when the memory was allocated. */
    final int epoch;

    TrackedAllocation(long id, long address, long bytes, int type, int device, long context, String api,
                      Acquirer acquirer, long acquiredAtMillis, InternedStack stack, int epoch) {
        this.epoch = epoch;
        this.id = id;
        this.address = address;
        this.bytes = bytes;
        this.type = type;
        this.device = device;
        this.context = context;
        this.api = api;
        this.acquirer = acquirer;
        this.acquiredAtMillis = acquiredAtMillis;
        this.stack = stack;
    }

    /** The memory type an allocating JCuda method gives, by its name. */
    static int typeOf(String api) {
        if (api == null) {
            return DEVICE;
        }
        if (api.contains("Host")) {
            return PINNED_HOST;
        }
        if (api.contains("Managed")) {
            return MANAGED;
        }
        if (api.contains("Array")) {
            return ARRAY;
        }
        return api.equals("cuMemCreate") ? PHYSICAL : DEVICE;
    }

    /** {@code 64 MiB device memory on device 0 at 0x7f3a00000000 (cudaMalloc)}. */
    String description() {
        StringBuilder sb = new StringBuilder(80).append(formatBytes(bytes)).append(' ').append(TYPES[type]);
        if (device >= 0) {
            sb.append(" on device ").append(device);
        }
        return sb.append(" at 0x").append(Long.toHexString(address)).append(" (").append(api).append(')').toString();
    }

    /** Binary units, as the report module formats them (the bootstrap package cannot use it). */
    static String formatBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        long v = bytes;
        int unit = 0;
        while (v >= 1024 && v % 1024 == 0 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return v + " " + units[unit];
    }
}
