package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * The open blocks of every kind measured in bytes ({@link ResourceKind#inBytes()}), one {@link AddressTable} per kind:
 * what any family that counts bytes (CUDA memory today) records through {@link Hooks#allocated}. Blocks are counted in
 * the kind's {@link KindStats} (count and open bytes) by the registry, which owns this store.
 *
 * <p>Thread-safe: the tables are.
 */
final class ByteAllocations {
    /** By kind ordinal; {@code null} for kinds not in bytes. */
    private final AddressTable[] byKind = new AddressTable[ResourceKind.values().length];

    ByteAllocations() {
        for (ResourceKind k : ResourceKind.values()) {
            if (k.inBytes()) {
                byKind[k.ordinal()] = new AddressTable();
            }
        }
    }

    /** The blocks of {@code kind}, which must be a kind in bytes. */
    AddressTable of(ResourceKind kind) {
        return byKind[kind.ordinal()];
    }

    /** Every open block of every kind in bytes, in no order. */
    List<TrackedAllocation> copy() {
        List<TrackedAllocation> out = new ArrayList<>();
        for (AddressTable t : byKind) {
            if (t != null) {
                out.addAll(t.copy());
            }
        }
        return out;
    }
}
