package io.leakwatch.maven;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentArgumentTest {
    private static final Path JAR = Path.of("/repo/agent-javaagent.jar");
    private static final Path OUT = Path.of("/work/target/leakwatch");

    private static AgentArgument.Settings settings(String kinds, String limits, String options) {
        return new AgentArgument.Settings(OUT, kinds, limits, null, null, options);
    }

    @Test
    void eachForkWritesItsOwnReportIntoTheOutputDirectory() {
        assertEquals("-javaagent:/repo/agent-javaagent.jar=report=/work/target/leakwatch/leaks-{pid}.json,summary=false",
                     AgentArgument.of(JAR, settings(null, null, null)).argument());
    }

    @Test
    void kindsAndLimitsBecomeTheAgentsOwnSyntax() {
        String options = AgentArgument.of(JAR, settings("file, socket,JDBC", "file=500;jdbc=20 cuda.bytes=6g",
                                                        "holdthreshold=30s")).options();
        assertEquals("report=/work/target/leakwatch/leaks-{pid}.json,summary=false,kinds=file;socket;jdbc,"
                     + "limit.file=500,limit.jdbc=20,limit.cuda.bytes=6g,holdthreshold=30s", options);
    }

    @Test
    void aWrongKindOrLimitSaysWhatIsValid() {
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                                                     () -> AgentArgument.of(JAR, settings("file,sockets", null, null)));
        assertTrue(kind.getMessage().startsWith("kinds: 'sockets' is not a kind; valid: all, file, socket"),
                   kind.getMessage());
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                                                      () -> AgentArgument.of(JAR, settings(null, "file=lots", null)));
        assertTrue(limit.getMessage().startsWith("limits: 'file=lots' is not KIND=N; valid:"), limit.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                                                     () -> AgentArgument.of(JAR, settings(null, "cuda.bytes=6x", null)));
        assertTrue(size.getMessage().startsWith("limits: 'cuda.bytes=6x' is not KIND=N; valid: file, socket,"), size.getMessage());
        assertTrue(size.getMessage().contains(", cuda.bytes, "), size.getMessage());
    }

    @Test
    void theArgumentIsAddedAfterWhatTheProjectHasAndQuotedWhenItHoldsASpace() {
        AgentArgument arg = AgentArgument.of(Path.of("/my repo/agent.jar"), settings(null, null, null));
        assertEquals("\"-javaagent:/my repo/agent.jar=report=/work/target/leakwatch/leaks-{pid}.json,summary=false\"",
                     arg.argument());
        assertEquals("-javaagent:/jacoco.jar=destfile=x.exec " + arg.argument(),
                     arg.appendTo("-javaagent:/jacoco.jar=destfile=x.exec  "));
        assertEquals(arg.argument(), arg.appendTo(null));
        assertEquals(arg.argument(), arg.appendTo(" "));
    }

    @Test
    void aPathWithACommaIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentArgument.of(
            JAR, new AgentArgument.Settings(Path.of("/a,b/leakwatch"), null, null, null, null, null)));
        assertTrue(e.getMessage().startsWith("outputDirectory: '/a,b/leakwatch/leaks-{pid}.json' holds a comma"),
                   e.getMessage());
    }
}
