package io.leakwatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the agent jar's command line, {@code java -jar leakwatch-agent.jar ARGS}, as a child process on one JDK, in a
 * given working directory, and returns what it did. Times the child out after 60 s.
 */
final class AgentCli {
    private AgentCli() {
    }

    /** What one command did. */
    record Run(List<String> command, int status, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        String describe() {
            return "command: " + String.join(" ", command) + "\nexit status: " + status + "\n---- stdout:\n" + stdout
                   + "\n---- stderr:\n" + stderr;
        }
    }

    static Run run(Jdk jdk, Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar", AgentRun.agentJar().toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("cli.stdout");
        Path err = dir.resolve("cli.stderr");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        try {
            Process p = pb.start();
            if (!p.waitFor(AgentRun.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the command did not finish within " + AgentRun.TIMEOUT_SECONDS + " s: "
                                         + command);
            }
            Run run = new Run(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                              Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
