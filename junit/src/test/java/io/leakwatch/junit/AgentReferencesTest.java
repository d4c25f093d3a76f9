package io.leakwatch.junit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only {@code AgentAccess} (and its nested classes) may name the agent's classes: the JVM resolves those names when a class using them is
 * linked or run, and the extension must load no agent class where the agent is absent.
 */
class AgentReferencesTest {
    @Test
    void onlyAgentAccessNamesTheAgentsClasses() throws Exception {
        Path classes = Path.of(AgentAccess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> naming;
        try (Stream<Path> files = Files.walk(classes)) {
            naming = files.filter(f -> f.toString().endsWith(".class"))
                          .filter(f -> {
                              try {
                                  // class names are stored as UTF-8 in the constant pool
                                  return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                                      .contains("io/leakwatch/bootstrap/");
                              } catch (java.io.IOException e) {
                                  throw new java.io.UncheckedIOException(e);
                              }
                          })
                          .map(f -> classes.relativize(f).toString())
                          .sorted()
                          .collect(Collectors.toList());
        }
        // AgentAccess and its nested classes (its listener), loaded only through it
        assertEquals(List.of(), naming.stream().filter(n -> !n.equals("io/leakwatch/junit/AgentAccess.class")
                                                         && !n.startsWith("io/leakwatch/junit/AgentAccess$"))
                                      .collect(Collectors.toList()), naming.toString());
        assertTrue(naming.contains("io/leakwatch/junit/AgentAccess.class"), naming.toString());
    }
}
