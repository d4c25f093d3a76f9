package io.leakwatch.junit;

/**
 * Finds out whether the leakwatch agent runs in this JVM, without loading any of its classes when it does not.
 *
 * <p>Thread-safe (stateless).
 */
final class AgentProbe {
    /** The agent's API: defined in the boot loader by {@code -javaagent:leakwatch-agent.jar}. */
    static final String CONTROL_CLASS = "io.leakwatch.bootstrap.LeakWatchControl";

    /** What {@link #state()} found. */
    enum State {
        /** Attached and installed: tests can be checked. */
        ACTIVE,
        /** Not attached: {@link #CONTROL_CLASS} is not in the boot loader. */
        NOT_ATTACHED,
        /** Attached, but it did not install (it said why on stderr when the JVM started). */
        NOT_STARTED
    }

    private AgentProbe() {
    }

    static State state() {
        try {
            // the boot loader only: a copy of the agent's classes on the class path (the agent jar as a plain
            // dependency) is not the agent, and would report itself inactive forever
            Class.forName(CONTROL_CLASS, false, null);
        } catch (ClassNotFoundException e) {
            return State.NOT_ATTACHED;
        }
        return AgentAccess.isActive() ? State.ACTIVE : State.NOT_STARTED;
    }
}
