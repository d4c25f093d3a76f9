package io.leakwatch.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One resource that was acquired and never released.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id          the agent's id for the resource, unique within one JVM run
 * @param kind        the lower-case kind ({@code file}, {@code socket}, ...)
 * @param state       open or leaked
 * @param description what the resource is ({@code data/orders.csv (read)}, {@code 127.0.0.1:5432 -> ...})
 * @param thread      the name of the thread that acquired it
 * @param acquiredAt  when it was acquired
 * @param ageMillis   how long it had been held when the report was taken
 * @param stack       the acquiring stack, application frame first, in {@link StackTraceElement#toString()} form
 * @param bytes       the size of a resource measured in bytes (CUDA memory), or {@code -1} for kinds without one
 * @param test        the test that was running when it was acquired ({@code com.example.FooTest.readsTheHeader}, or
 *                    a test class while its set-up ran), or {@code null} when none was
 */
public record ResourceEntry(long id, String kind, ResourceState state, String description, String thread,
                            Instant acquiredAt, long ageMillis, List<String> stack, long bytes, String test) {
    /** A resource acquired while no test ran. */
    public ResourceEntry(long id, String kind, ResourceState state, String description, String thread,
                         Instant acquiredAt, long ageMillis, List<String> stack, long bytes) {
        this(id, kind, state, description, thread, acquiredAt, ageMillis, stack, bytes, null);
    }

    /** A resource of a kind without a size. */
    public ResourceEntry(long id, String kind, ResourceState state, String description, String thread,
                         Instant acquiredAt, long ageMillis, List<String> stack) {
        this(id, kind, state, description, thread, acquiredAt, ageMillis, stack, -1);
    }

    /** The canonical constructor. */
    public ResourceEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        description = description == null ? "" : description;
        thread = thread == null ? "" : thread;
        stack = List.copyOf(stack);
    }
}
