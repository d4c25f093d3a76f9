package io.leakwatch.family.nio.boot;

import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.ResourceKind;

import java.io.IOException;

/**
 * The NIO family's entry points, called by its advice in the JDK's pipe and selector classes (see
 * {@code NioFamily}), told which class they run in.
 *
 * <p>Thread-safe: stateless.
 */
public final class NioHooks {
    private NioHooks() {
    }

    /**
     * Before {@code type}'s constructor makes its descriptors: a pipe's two against {@code limit.pipe}, a selector
     * against {@code limit.selector}.
     *
     * @throws IOException what {@code Pipe.open()} and {@code Selector.open()} throw when the process has no
     *                     descriptor left
     */
    public static void checkLimit(String type) throws IOException {
        boolean pipe = type.endsWith("PipeImpl");
        String refused = Hooks.refusal(pipe ? ResourceKind.PIPE : ResourceKind.SELECTOR, pipe ? 2 : 1);
        if (refused != null) {
            throw new IOException(refused);
        }
    }

    /** {@code type}'s constructor made {@code resource}: a pipe's source or sink end, or a selector. */
    public static void opened(Object resource, String type) {
        if (type.endsWith("SourceChannelImpl")) {
            Hooks.acquired(ResourceKind.PIPE, resource, "pipe source");
        } else if (type.endsWith("SinkChannelImpl")) {
            Hooks.acquired(ResourceKind.PIPE, resource, "pipe sink");
        } else {
            Hooks.acquired(ResourceKind.SELECTOR, resource, ResourceKind.SELECTOR.label());
        }
    }
}
