package io.leakwatch.bootstrap;

/**
 * A record as a family sees it, handed out by {@link Hooks#recordOf}: whether it is still open, what its family
 * recorded with it, and its description. A family keeps one to tie a resource to another (a statement to its
 * connection's record), never the resource itself: the record refers to its resource weakly.
 *
 * <p>Thread-safe: the state is read as the registry's end-state protocol publishes it.
 */
public interface RecordHandle {
    /** Whether the resource is still open (not released, not found leaked). */
    boolean isOpen();

    /** The detail its family recorded with it. */
    Object detail();

    /** Its description, by its kind's {@link KindRules}. */
    String description();
}
