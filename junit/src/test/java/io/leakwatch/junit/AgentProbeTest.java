package io.leakwatch.junit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This module's test JVM runs without the agent, but with the agent's classes on its class path (provided scope). */
class AgentProbeTest {
    @Test
    void theAgentsClassesOnTheClassPathAreNotTheAgent() throws Exception {
        ClassLoader app = AgentProbeTest.class.getClassLoader();
        assertNotNull(Class.forName(AgentProbe.CONTROL_CLASS, false, app), "precondition: on the class path");
        assertEquals(AgentProbe.State.NOT_ATTACHED, AgentProbe.state());
    }

    @Test
    void theMessageShowsTheArgLineWithThisVersion() {
        String m = AgentSetup.message("loads()", AgentProbe.State.NOT_ATTACHED);
        String v = System.getProperty("leakwatch.version");
        assertEquals(v, AgentSetup.version(), "the version the build wrote into the jar");
        assertTrue(m.startsWith("leakwatch: @LeakCheck cannot check test loads(): the leakwatch agent is not attached"
                                + " to this JVM (no -javaagent:leakwatch-agent.jar).\n"), m);
        assertTrue(m.contains("\n    <argLine>-javaagent:${settings.localRepository}/io/leakwatch/agent/" + v + "/agent-"
                              + v + "-javaagent.jar</argLine>\n"), m);
    }
}
