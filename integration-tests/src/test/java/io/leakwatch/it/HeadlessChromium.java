package io.leakwatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium started for one test, with remote debugging on a port it picks itself (read back from its
 * {@code DevToolsActivePort} file), and a fresh profile in the test's folder. {@link #close} ends it and its helper
 * processes.
 */
final class HeadlessChromium implements AutoCloseable {
    /** Overrides where Chromium is looked for. */
    static final String VARIABLE = "LEAKWATCH_CHROMIUM";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
                                                      "google-chrome-stable");
    private static final long START_SECONDS = 30;

    private final Process process;
    private final int port;

    private HeadlessChromium(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The Chromium executable: {@value #VARIABLE}, else the first of chromium, chromium-browser, google-chrome on PATH. */
    static Optional<Path> find() {
        String configured = System.getenv(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv("PATH");
        for (String name : NAMES) {
            for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts {@code chromium} on {@code about:blank}, its profile and logs in {@code dir}. */
    static HeadlessChromium start(Path chromium, Path dir) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start
        ProcessBuilder pb = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
            "--window-size=1200,900", "about:blank")
            .redirectOutput(dir.resolve("chromium.stdout").toFile())
            .redirectError(dir.resolve("chromium.stderr").toFile());
        Process process = pb.start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return new HeadlessChromium(process, Integer.parseInt(lines.get(0).trim()));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("chromium exited with " + process.exitValue() + " before it listened; see "
                                         + dir.resolve("chromium.stderr"));
            }
            Thread.sleep(100);
        }
        new HeadlessChromium(process, -1).close();
        throw new AssertionError("chromium did not open its debugging port within " + START_SECONDS + " s");
    }

    /** The DevTools WebSocket of its (only) page. */
    URI pageSocket() throws IOException, InterruptedException {
        HttpResponse<String> list = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
            HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : new ObjectMapper().readTree(list.body())) {
            if ("page".equals(target.path("type").asText())) {
                return URI.create(target.path("webSocketDebuggerUrl").asText());
            }
        }
        throw new AssertionError("chromium has no page target: " + list.body());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
