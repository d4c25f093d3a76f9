package io.leakwatch.agent.install;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidatesTest {
    private static ProtectionDomain from(Path jar) throws Exception {
        return new ProtectionDomain(new CodeSource(jar.toUri().toURL(), (Certificate[]) null), null);
    }

    @Test
    void anotherAgentsClassesAreNeverCandidatesTheApplicationsAre() throws Exception {
        Path jacoco = Path.of("/opt/jacoco/jacocoagent.jar");
        ClassLoader app = CandidatesTest.class.getClassLoader();
        // with no header prefilter every application class would be a candidate: only the agent's jar decides here
        Candidates c = new Candidates(Set.of(), null, null, Set.of(jacoco));
        assertTrue(c.skip(app, "org/jacoco/agent/rt/internal_1/core/data/ExecutionDataWriter", null, from(jacoco),
                          new byte[0]), "another agent's class");
        assertFalse(c.skip(app, "com/acme/Dao", null, from(Path.of("/srv/app/app.jar")), new byte[0]),
                    "an application class");
        assertFalse(c.skip(app, "com/acme/Dao", null, null, new byte[0]), "a class with no protection domain");
    }

    @Test
    void theBootLoadersAndTheAgentsOwnClassesAreNeverCandidates() throws Exception {
        ClassLoader agentLoader = new ClassLoader(null) { };
        Candidates c = new Candidates(Set.of("java.io.FileInputStream"), List.of(), agentLoader, Set.of());
        assertTrue(c.skip(null, "java/util/HashMap", null, null, new byte[0]));
        assertTrue(c.skip(agentLoader, "net/bytebuddy/ByteBuddy", null, null, new byte[0]));
        assertFalse(c.skip(null, "java/io/FileInputStream", null, null, new byte[0]), "a class named by a plan");
        assertTrue(c.skip(null, "java/util/HashMap", java.util.HashMap.class, null, new byte[0]),
                   "a JDK class no plan names, retransformed (by Mockito's inline mock maker, say)");
        assertFalse(c.skip(null, "java/io/FileInputStream", java.io.FileInputStream.class, null, new byte[0]),
                    "a class a plan names, retransformed");
    }

    /** An application class implementing a JDBC interface, and one implementing none. */
    private abstract static class Jdbc implements java.sql.Connection {
    }

    private static final class Plain {
    }

    @Test
    void aRetransformedApplicationClassIsACandidateOnlyWhenAPlanSelectsIt() {
        ClassLoader app = CandidatesTest.class.getClassLoader();
        Candidates c = new Candidates(Set.of(), Candidates.prefilters(
            io.leakwatch.family.jdbc.JdbcFamily.plans(false)), null, Set.of());
        assertTrue(c.skip(app, Plain.class.getName().replace('.', '/'), Plain.class, null, new byte[0]),
                   "no plan selects it: Byte Buddy is not built for it");
        assertFalse(c.skip(app, Jdbc.class.getName().replace('.', '/'), Jdbc.class, null, new byte[0]),
                    "a JDBC implementation goes to Byte Buddy");
    }
}
