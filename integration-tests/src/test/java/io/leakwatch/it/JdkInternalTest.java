package io.leakwatch.it;

import io.leakwatch.it.apps.InternalApp;
import io.leakwatch.it.apps.Payload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JVM opens for itself is never the app's: a jar on the class path (classes and a resource loaded from it),
 * NativePRNG's /dev/random and /dev/urandom, time zone and logging configuration files.
 */
class JdkInternalTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void jvmInternalResourcesAreNeverListed(Jdk jdk) throws IOException {
        Path jar = AgentRun.newFolder(jdk, "payload-jar").resolve("payload.jar");
        writePayloadJar(jar);
        Result r = AgentRun.of(jdk, "jdk-internal", InternalApp.class).classPathFirst(jar).run().expectSuccess();
        r.check(
            () -> assertTrue(r.stdout().contains("payload from file:" + jar), "Payload is loaded from " + jar),
            () -> assertTrue(r.stdout().contains("resource hello from the jar"), "the jar's resource was read"),
            () -> assertTrue(r.stdout().contains("random NativePRNG"), "NativePRNG was used"),
            () -> assertEquals(List.of(), r.resources(), "resources"),
            () -> assertEquals(List.of(), r.sites(), "sites"),
            r.counts("file", 0, 0),
            r.counts("socket", 0, 0),
            r.counts("pipe", 0, 0),
            r.counts("selector", 0, 0),
            () -> assertTrue(r.report().path("jvmInternalOpen").asLong() >= 1,
                             "jvmInternalOpen counts at least the payload jar"),
            r.countsConsistent());
    }

    /** A jar holding {@link Payload}'s class file and a text resource, built with java.util.jar. */
    static void writePayloadJar(Path jar) throws IOException {
        String entry = Payload.class.getName().replace('.', '/') + ".class";
        byte[] classFile = Files.readAllBytes(AgentRun.testClasses().resolve(entry));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(classFile);
            out.closeEntry();
            out.putNextEntry(new JarEntry("payload.txt"));
            out.write("hello from the jar\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
