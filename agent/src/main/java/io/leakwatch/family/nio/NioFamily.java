package io.leakwatch.family.nio;

import io.leakwatch.agent.instrument.AdvicePlan;
import io.leakwatch.agent.instrument.DescriptorInstrumentation;
import io.leakwatch.agent.instrument.Family;
import io.leakwatch.agent.instrument.Released;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.family.nio.boot.NioHooks;
import net.bytebuddy.asm.Advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Kinds {@code pipe} and {@code selector}: the NIO descriptors that are neither files nor sockets. Each end of a
 * {@code Pipe} holds one descriptor; a selector (the epoll selector on Linux, or the poll selector that can replace
 * it) holds an epoll descriptor and a wake-up descriptor. The whole family is this folder: this class (what is
 * instrumented, with its advice) and {@code boot/} (what the advice calls, defined in the boot loader).
 *
 * <ul>
 *   <li>{@code PipeImpl}'s constructor makes both descriptors: {@code limit.pipe} is checked there, for two.</li>
 *   <li>{@code SourceChannelImpl} and {@code SinkChannelImpl}: each end is acquired by its constructor, released by
 *       {@code AbstractInterruptibleChannel.close} (the release point of every NIO channel, shared with files and
 *       sockets).</li>
 *   <li>{@code EPollSelectorImpl} and {@code PollSelectorImpl}: acquired by the constructor (after
 *       {@code limit.selector}), released by {@code implClose}.</li>
 * </ul>
 * The classes and methods are the same on JDK 17 to 25.
 *
 * <p>Thread-safe: stateless.
 */
public final class NioFamily implements Family, AdvicePlan.Advisor {
    static {
        Family.register(new NioFamily());
    }

    private static final String[] PIPES = {"sun.nio.ch.PipeImpl", "sun.nio.ch.SourceChannelImpl",
                                           "sun.nio.ch.SinkChannelImpl"};
    private static final String[] SELECTORS = {"sun.nio.ch.EPollSelectorImpl", "sun.nio.ch.PollSelectorImpl"};

    @Override
    public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
        List<AdvicePlan> plans = new ArrayList<>();
        if (tracked.contains(ResourceKind.PIPE)) {
            plans.addAll(AdvicePlan.on(this, PIPES));
            plans.add(DescriptorInstrumentation.channelClose());
        }
        if (tracked.contains(ResourceKind.SELECTOR)) {
            plans.addAll(AdvicePlan.on(this, SELECTORS));
        }
        return plans;
    }

    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        if (typeName.equals(PIPES[0])) {
            b.advise(Limit.class, isConstructor());
        } else if (typeName.endsWith("SelectorImpl")) {
            b.advise(Limit.class, isConstructor())
             .advise(Opened.class, isConstructor())
             .advise(Released.class, named("implClose").and(takesArguments(0)));
        } else {
            b.advise(Opened.class, isConstructor());
        }
    }

    /**
     * The limit, before the descriptors are made (not suppressed: the refusal is the one exception this advice throws
     * on purpose, and the hook lets nothing else out).
     */
    static final class Limit {
        private Limit() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Origin("#t") String type) throws java.io.IOException {
            NioHooks.checkLimit(type);
        }
    }

    /** A pipe end or a selector was made. */
    static final class Opened {
        private Opened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Origin("#t") String type) {
            NioHooks.opened(self, type);
        }
    }
}
