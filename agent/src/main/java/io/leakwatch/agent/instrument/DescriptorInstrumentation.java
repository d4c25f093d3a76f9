package io.leakwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The one release point shared by every NIO channel, {@code AbstractInterruptibleChannel.close} (which runs the
 * channel's close exactly once): a plan the families of files, sockets and pipes each include, one object so that it
 * is applied once.
 *
 * <p>Thread-safe: stateless; the plan is immutable.
 */
public final class DescriptorInstrumentation implements AdvicePlan.Advisor {
    private static final DescriptorInstrumentation ADVICE = new DescriptorInstrumentation();

    /** One object for the families that share it (files, sockets, pipes), so it is applied once. */
    private static final AdvicePlan CHANNEL_CLOSE =
        AdvicePlan.on(ADVICE, "java.nio.channels.spi.AbstractInterruptibleChannel").get(0);

    private DescriptorInstrumentation() {
    }

    /** The release point of every interruptible channel: file, socket, datagram and pipe channels. */
    public static AdvicePlan channelClose() {
        return CHANNEL_CLOSE;
    }

    /** The advice of the plan above (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        if (!typeName.equals("java.nio.channels.spi.AbstractInterruptibleChannel")) {
            throw new IllegalArgumentException(typeName);
        }
        b.advise(Released.class, named("close").and(takesArguments(0)));
    }
}
