package io.leakwatch.jmx;

/**
 * The live view of a kind measured in bytes as well as in resources (CUDA memory).
 *
 * <p>Implementations are thread-safe.
 */
@Description("The live view of a kind measured in bytes as well as in resources (CUDA memory).")
public interface ByteResourcesMXBean extends ResourcesMXBean {
    /** Bytes held by the open resources of this kind. */
    @Description("Bytes held by the open resources of this kind.")
    long getOpenBytes();
}
