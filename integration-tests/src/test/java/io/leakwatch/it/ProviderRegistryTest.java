package io.leakwatch.it;

import io.leakwatch.it.apps.PooledFileSystemProvider;
import io.leakwatch.it.apps.ProviderRegistryApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A file system provider installed from a jar's {@code META-INF/services}, whose constructor starts a scheduler, as
 * memoryfilesystem's does in Commons Compress's tests: the JDK makes it once and keeps it for the life of the JVM, so
 * its scheduler is the JVM's; the application's own pool is still reported.
 */
class ProviderRegistryTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.leakwatch.it.Jdk#all")
    void whatAnInstalledProviderMakesIsHeldByTheJvm(Jdk jdk) throws Exception {
        Path jar = AgentRun.newFolder(jdk, "provider-jar").resolve("provider.jar");
        String entry = PooledFileSystemProvider.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/java.nio.file.spi.FileSystemProvider"));
            out.write((PooledFileSystemProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(AgentRun.testClasses().resolve(entry)));
        }
        Result r = AgentRun.of(jdk, "provider-registry", ProviderRegistryApp.class).classPathFirst(jar)
            .agentOptions("report={dir}/report.json,report.include=jvm").run().expectSuccess();
        long providerPools = 0;
        for (var s : r.report().path("heldApart").path("sites")) {
            if (s.path("kind").asText().equals("threadpool")
                && s.path("stack").path(0).asText().startsWith(PooledFileSystemProvider.class.getName() + ".<init>(")) {
                providerPools += s.path("count").asLong();
            }
        }
        long pools = providerPools;
        r.check(
            () -> assertEquals("true", r.value("installed"), "the provider was installed"),
            Expect.one(r, "own-pool", "threadpool", "open", d -> d.startsWith("java.util.concurrent.ThreadPoolExecutor"),
                       "the application's own pool"),
            () -> assertEquals(1, r.sites().size(), "sites"),
            r.counts("threadpool", 1, 0),
            () -> assertEquals(1, pools, "the provider's scheduler, the JVM's"),
            r.countsConsistent("threadpool"));
    }
}
