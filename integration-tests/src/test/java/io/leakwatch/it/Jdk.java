package io.leakwatch.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A JDK home the scenarios run on: the test JVM's own ({@code java.home}) and every home listed, colon-separated, in
 * the environment variable {@code LEAKWATCH_EXTRA_JDKS}. A listed home that does not exist is kept, so that its tests
 * show up as skipped with the reason instead of silently disappearing.
 */
public final class Jdk {
    public static final String EXTRA_JDKS_VARIABLE = "LEAKWATCH_EXTRA_JDKS";

    private final Path home;
    private final String version;
    private final String origin;

    private Jdk(Path home, String version, String origin) {
        this.home = home;
        this.version = version;
        this.origin = origin;
    }

    /** The JDK homes to run on; the {@code @MethodSource} of every scenario test. */
    public static Stream<Jdk> all() {
        List<Jdk> out = new ArrayList<>();
        Path own = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
        out.add(new Jdk(own, System.getProperty("java.version"), "java.home"));
        Set<Path> seen = new LinkedHashSet<>(List.of(own));
        String extra = System.getenv(EXTRA_JDKS_VARIABLE);
        if (extra != null) {
            for (String entry : extra.split(":")) {
                if (entry.isBlank()) {
                    continue;
                }
                Path home = Path.of(entry.trim()).toAbsolutePath().normalize();
                if (seen.add(home)) {
                    out.add(new Jdk(home, versionOf(home), EXTRA_JDKS_VARIABLE));
                }
            }
        }
        return out.stream();
    }

    private static String versionOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        String v = p.getProperty("JAVA_VERSION");
        return v == null ? "unknown" : v.replace("\"", "");
    }

    public Path home() {
        return home;
    }

    /** The {@code java} launcher; skips the calling test (with the reason) when this JDK is not installed. */
    public Path java() {
        Path java = home.resolve("bin").resolve("java");
        Assumptions.assumeTrue(version != null && Files.isExecutable(java),
                               () -> "JDK missing: " + home + " (listed in " + origin + ") has no bin/java and release"
                                     + " file; install it or remove it from " + EXTRA_JDKS_VARIABLE);
        return java;
    }

    public String version() {
        return version;
    }

    /** The feature release, e.g. 17 or 25. */
    public int feature() {
        return Integer.parseInt(version.split("[.+-]")[0]);
    }

    @Override
    public String toString() {
        return version == null ? "JDK missing at " + home : "JDK " + version;
    }
}
