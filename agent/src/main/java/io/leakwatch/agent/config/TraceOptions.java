package io.leakwatch.agent.config;

import io.leakwatch.bootstrap.ResourceKind;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The audit trail: every acquisition and release as one JSON object per line.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path     {@code trace=FILE}: where to write it ({@code {pid}} expanded), or empty: no trace
 * @param maxSize  {@code trace.maxSize=}: the size at which the file is rotated, in bytes (default 64 MiB)
 * @param files    {@code trace.files=}: how many files are kept, the current one included (default 5): {@code FILE},
 *                 {@code FILE.1} (the previous one), ... {@code FILE.(files-1)}
 * @param kinds    {@code trace.kinds=}: the kinds traced (default: every tracked kind)
 */
public record TraceOptions(Optional<String> path, long maxSize, int files, Optional<Set<ResourceKind>> kinds) {
    /** No trace. */
    public static final TraceOptions NONE = new TraceOptions(Optional.empty(), 64L << 20, 5, Optional.empty());

    public TraceOptions {
        kinds = kinds.map(k -> Collections.unmodifiableSet(k.isEmpty() ? EnumSet.noneOf(ResourceKind.class)
                                                                         : EnumSet.copyOf(k)));
    }

    /** The kinds traced when {@code tracked} are tracked: those of {@code trace.kinds=} among them, else all. */
    public Set<ResourceKind> tracedOf(Set<ResourceKind> tracked) {
        if (kinds.isEmpty()) {
            return tracked;
        }
        Set<ResourceKind> out = EnumSet.noneOf(ResourceKind.class);
        for (ResourceKind k : kinds.get()) {
            if (tracked.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
