package io.leakwatch.agent.instrument;

import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Descriptors that are neither files nor sockets: pipe ends (kind {@code pipe}) and selectors (kind {@code selector},
 * the epoll selector on Linux and the poll selector that can replace it), plus the one release point shared by every
 * NIO channel ({@code AbstractInterruptibleChannel.close}, which runs the channel's close exactly once).
 *
 * <p>Thread-safe: stateless; the plans it returns are immutable, and its advice runs in the instrumented methods
 * of whatever thread calls them.
 */
public final class DescriptorInstrumentation implements AdvicePlan.Advisor {
    private static final DescriptorInstrumentation ADVICE = new DescriptorInstrumentation();

    private DescriptorInstrumentation() {
    }

    /** The family as the installer makes it (see {@link Family}): pipes and selectors, each when tracked. */
    public static final class Plans implements Family {
        @Override
        public List<AdvicePlan> plans(Set<ResourceKind> tracked) {
            List<AdvicePlan> plans = new ArrayList<>();
            if (tracked.contains(ResourceKind.PIPE)) {
                plans.addAll(pipePlans());
                plans.add(channelClose());
            }
            if (tracked.contains(ResourceKind.SELECTOR)) {
                plans.addAll(selectorPlans());
            }
            return plans;
        }
    }

    /** One object for the families that share it (files, sockets, pipes), so it is applied once. */
    private static final AdvicePlan CHANNEL_CLOSE =
        AdvicePlan.on(ADVICE, "java.nio.channels.spi.AbstractInterruptibleChannel").get(0);

    /** The release point of every interruptible channel: file, socket, datagram and pipe channels. */
    public static AdvicePlan channelClose() {
        return CHANNEL_CLOSE;
    }

    /** The plans for kind {@code pipe}. */
    public static List<AdvicePlan> pipePlans() {
        return AdvicePlan.on(ADVICE, "sun.nio.ch.PipeImpl",
                             "sun.nio.ch.SourceChannelImpl",
                             "sun.nio.ch.SinkChannelImpl");
    }

    /** The plans for kind {@code selector}. */
    public static List<AdvicePlan> selectorPlans() {
        return AdvicePlan.on(ADVICE, "sun.nio.ch.EPollSelectorImpl",
                             "sun.nio.ch.PollSelectorImpl");
    }

    /** The advice of each plan above, by the class the plan is for (see {@link AdvicePlan.Advisor}). */
    @Override
    public void advise(String typeName, AdvicePlan.Builder b) {
        switch (typeName) {
            case "java.nio.channels.spi.AbstractInterruptibleChannel":
                b.advise(Released.class, named("close").and(takesArguments(0)));
                break;
            // makes both descriptors, then both ends around them (JDK 17 to 25)
            case "sun.nio.ch.PipeImpl":
                b.advise(PipeLimit.class, isConstructor());
                break;
            case "sun.nio.ch.SourceChannelImpl":
                b.advise(PipeSourceOpened.class, isConstructor());
                break;
            case "sun.nio.ch.SinkChannelImpl":
                b.advise(PipeSinkOpened.class, isConstructor());
                break;
            case "sun.nio.ch.EPollSelectorImpl":
                b.advise(SelectorLimit.class, isConstructor())
                 .advise(SelectorOpened.class, isConstructor())
                 .advise(Released.class, named("implClose").and(takesArguments(0)));
                break;
            case "sun.nio.ch.PollSelectorImpl":
                b.advise(SelectorLimit.class, isConstructor())
                 .advise(SelectorOpened.class, isConstructor())
                 .advise(Released.class, named("implClose").and(takesArguments(0)));
                break;
            default:
                throw new IllegalArgumentException(typeName);
        }
    }

    /**
     * {@code limit.pipe}, before a pipe's two descriptors are made. Not suppressed: the refusal is the one exception
     * advice throws on purpose, and the hook lets nothing else out.
     */
    static final class PipeLimit {
        private PipeLimit() {
        }

        @Advice.OnMethodEnter
        static void enter() throws java.io.IOException {
            Hooks.checkPipeLimit();
        }
    }

    /** {@code limit.selector}, before a selector's descriptors are made; not suppressed (see {@link PipeLimit}). */
    static final class SelectorLimit {
        private SelectorLimit() {
        }

        @Advice.OnMethodEnter
        static void enter() throws java.io.IOException {
            Hooks.checkSelectorLimit();
        }
    }

    static final class PipeSourceOpened {
        private PipeSourceOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Hooks.pipeOpened(self, "pipe source");
        }
    }

    static final class PipeSinkOpened {
        private PipeSinkOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Hooks.pipeOpened(self, "pipe sink");
        }
    }

    static final class SelectorOpened {
        private SelectorOpened() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Hooks.selectorOpened(self);
        }
    }
}
