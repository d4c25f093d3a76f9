package io.leakwatch.bootstrap;

/**
 * One block of a kind measured in bytes, allocated and not yet freed, keyed by its address: the address the matching
 * free names, whatever Java object carries it (JCuda frees {@code nativePointer + byteOffset}; a {@code Pointer} made
 * later for the same address frees the same block).
 *
 * <p>Unlike {@link TrackedResource} it holds no reference to any Java object: such memory lives until it is freed or
 * its group (a CUDA context) is gone, whatever becomes of the object that named it, so a block is {@code open} until
 * then. What the block is, for its description, is its family's {@code detail}.
 *
 * <p>Immutable; thread-safe.
 */
public final class TrackedAllocation {
    final long id;
    final ResourceKind kind;
    final long address;
    final long bytes;
    /** Device ordinal, or -1 when unknown or not on a device. */
    final int device;
    /** What releases it with others at once (a CUDA context), or 0 for none; the family decides what it means. */
    final long group;
    /** What the family knows of it: its {@code toString()} is the block's description. */
    final Object detail;
    /** The allocating thread and the test it ran, shared with the thread's other records. */
    final Acquirer acquirer;
    final long acquiredAtMillis;
    final InternedStack stack;
    /** The registry's {@link ResourceRegistry#mark() mark} epoch when the memory was allocated. */
    final int epoch;

    TrackedAllocation(long id, ResourceKind kind, long address, long bytes, int device, long group, Object detail,
                      Acquirer acquirer, long acquiredAtMillis, InternedStack stack, int epoch) {
        this.id = id;
        this.kind = kind;
        this.address = address;
        this.bytes = bytes;
        this.device = device;
        this.group = group;
        this.detail = detail;
        this.acquirer = acquirer;
        this.acquiredAtMillis = acquiredAtMillis;
        this.stack = stack;
        this.epoch = epoch;
    }

    /** The same block, now of {@code newBytes} (its size on disk changed, say). */
    TrackedAllocation withBytes(long newBytes) {
        return new TrackedAllocation(id, kind, address, newBytes, device, group, detail, acquirer, acquiredAtMillis,
                                     stack, epoch);
    }

    /** Its device ordinal, or -1. */
    public int device() {
        return device;
    }

    /** What releases it with others, as its family said when it was allocated (0: nothing). */
    public long group() {
        return group;
    }

    /** Its description: its family's detail, as text. */
    String description() {
        return String.valueOf(detail);
    }
}
