package io.leakwatch.junit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The message a checked test fails with when the agent is not running in its JVM: what is wrong and the lines to
 * paste to fix it.
 *
 * <p>Thread-safe (stateless).
 */
final class AgentSetup {
    /** Written by the build into the jar (resource filtering); absent or unfiltered when run from sources. */
    private static final String VERSION_RESOURCE = "leakwatch-junit.properties";
    private static final String UNKNOWN_VERSION = "VERSION";

    private AgentSetup() {
    }

    /** Why {@code test} cannot be checked, and how to attach the agent (several lines). */
    static String message(String test, AgentProbe.State state) {
        if (state == AgentProbe.State.NOT_STARTED) {
            return "leakwatch: @LeakCheck cannot check test " + test + ": the leakwatch agent is attached to this JVM"
                   + " but did not start (it printed why on stderr when the JVM started, in a line beginning"
                   + " \"leakwatch: agent not started\").";
        }
        String v = version();
        String jar = "agent-" + v + "-javaagent.jar";
        return "leakwatch: @LeakCheck cannot check test " + test + ": the leakwatch agent is not attached to this JVM"
               + " (no -javaagent:leakwatch-agent.jar).\n"
               + "With Maven, add to the maven-surefire-plugin's <configuration>:\n"
               + "    <argLine>-javaagent:${settings.localRepository}/io/leakwatch/agent/" + v + "/" + jar
               + "</argLine>\n"
               + "and to <dependencies>, so that Maven downloads that jar:\n"
               + "    <dependency><groupId>io.leakwatch</groupId><artifactId>agent</artifactId><version>" + v
               + "</version><classifier>javaagent</classifier><scope>test</scope></dependency>\n"
               + "or give the path of a leakwatch-agent.jar you have: <argLine>-javaagent:/path/to/leakwatch-agent.jar"
               + "</argLine> (Gradle: test { jvmArgs \"-javaagent:/path/to/leakwatch-agent.jar\" }).";
    }

    /** This artifact's version, as the build wrote it. */
    static String version() {
        try (InputStream in = AgentSetup.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return UNKNOWN_VERSION;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            return v == null || v.isBlank() || v.contains("${") ? UNKNOWN_VERSION : v.trim();
        } catch (IOException e) {
            return UNKNOWN_VERSION;
        }
    }
}
