package io.leakwatch.bootstrap;

/**
 * Turns a snapshot into report text. Implemented inside the agent (where the report formats and their JSON library
 * live, isolated from the application) and installed through {@link LeakWatchControl#installRenderer}, so that code
 * outside the agent (the JUnit extension, the MBeans) can ask for a report without seeing the agent's classes.
 *
 * <p>Implementations are thread-safe.
 */
public interface ReportRenderer {
    /**
     * The report of {@code snapshot} in {@code format} ({@code text}, {@code json}, or another format the agent
     * knows), {@code reason} saying why it was taken.
     *
     * @throws IllegalArgumentException naming the valid formats when {@code format} is none of them
     */
    String render(RegistrySnapshot snapshot, String format, String reason);
}
