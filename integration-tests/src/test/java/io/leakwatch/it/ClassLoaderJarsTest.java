package io.leakwatch.it;

import io.leakwatch.it.apps.ClassLoaderApis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jars opened by class loaders the application makes, and by {@code jar:} URL connections ({@link ClassLoaderApis}):
 * a plugin loader's jar is the application's until the loader's {@code close()}, at the line that made the loader
 * open it; a loader dropped unclosed leaks it; a {@code jar:} connection with caches off owns its jar file until its
 * stream is closed, one with caches on shares the JDK's cached jar file, which is the JVM's.
 */
class ClassLoaderJarsTest {
    static Result run(Jdk jdk, String scenario) throws IOException {
        Path jar = AgentRun.newFolder(jdk, "plugin-jar").resolve("plugin.jar");
        JdkInternalTest.writePayloadJar(jar);
        Result r = AgentRun.of(jdk, "loaders-" + scenario, ClassLoaderApis.class, scenario, jar.toString()).run()
            .expectSuccess();
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aPluginLoaderNeverClosedKeepsItsJarOpenAtTheLineThatOpenedIt(Jdk jdk) throws IOException {
        Result r = run(jdk, "loader-open");
        r.check(
            () -> assertTrue(r.value("where").endsWith("/plugin.jar"), "loaded from the plugin jar: " + r.value("where")),
            Expect.one(r, "plugin-class", "file", "open", d -> d.endsWith("plugin.jar (zip)"), "the plugin jar"),
            () -> assertEquals(1, r.sites().size(), "sites"),
            r.counts("file", 1, 0),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aPluginLoaderDroppedUnclosedLeaksItsJar(Jdk jdk) throws IOException {
        Result r = run(jdk, "loader-dropped");
        r.check(
            Expect.one(r, "dropped-plugin-class", "file", "leaked", d -> d.endsWith("plugin.jar (zip)"), "the plugin jar"),
            () -> assertEquals(1, r.sites().size(), "sites"),
            r.counts("file", 0, 1),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aClosedPluginLoaderLeavesNothing(Jdk jdk) throws IOException {
        Result r = run(jdk, "loader-closed");
        r.check(
            () -> assertEquals(List.of(), r.sites(), "sites"),
            r.counts("file", 0, 0),
            () -> assertEquals(1, r.count("file", "acquired"), "the plugin jar was the application's while open"),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void anUncachedJarUrlsFileIsTheApplicationsUntilItsStreamIsClosed(Jdk jdk) throws IOException {
        Result r = run(jdk, "jar-url-uncached");
        r.check(
            () -> assertEquals("19", r.value("read")),
            Expect.one(r, "uncached-kept", "file", "open", d -> d.endsWith("plugin.jar (zip)"), "the plugin jar"),
            () -> assertEquals(1, r.sites().size(), "sites: the closed one is released"),
            r.counts("file", 1, 0),
            () -> assertEquals(2, r.count("file", "acquired"), "file.acquired"),
            r.countsConsistent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void aCachedJarUrlsFileIsTheJvms(Jdk jdk) throws IOException {
        Result r = run(jdk, "jar-url-cached");
        r.check(
            () -> assertEquals("19", r.value("read")),
            () -> assertEquals(List.of(), r.sites(), "sites"),
            r.counts("file", 0, 0),
            () -> assertTrue(r.report().path("heldApart").path("jvm").asLong() >= 1, "the JDK's cached jar file"),
            r.countsConsistent());
    }
}
