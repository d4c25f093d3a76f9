package io.leakwatch.family.cuda.boot;

import io.leakwatch.bootstrap.ByteUnits;

/**
 * What a CUDA block is, for its description: its type (told by the allocating JCuda method), size, device and address.
 * The registry keeps it as the block's detail and calls {@link #toString()} only when a report describes the block.
 *
 * <p>Immutable; thread-safe.
 */
final class CudaBlock {
    /** Memory types, by the allocating method's name. */
    static final int DEVICE = 0;
    static final int PINNED_HOST = 1;
    static final int MANAGED = 2;
    static final int ARRAY = 3;
    static final int PHYSICAL = 4;
    private static final String[] TYPES = {"device memory", "pinned host memory", "managed memory", "CUDA array",
                                           "physical memory handle"};

    private final long address;
    private final long bytes;
    private final int type;
    private final int device;
    private final String api;

    CudaBlock(long address, long bytes, int device, String api) {
        this.address = address;
        this.bytes = bytes;
        this.type = typeOf(api);
        this.device = device;
        this.api = api;
    }

    /** A physical memory handle belongs to its device, not to a context: only {@code cuMemRelease} frees it. */
    boolean isPhysical() {
        return type == PHYSICAL;
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
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(80).append(ByteUnits.format(bytes)).append(' ').append(TYPES[type]);
        if (device >= 0) {
            sb.append(" on device ").append(device);
        }
        return sb.append(" at 0x").append(Long.toHexString(address)).append(" (").append(api).append(')').toString();
    }
}
