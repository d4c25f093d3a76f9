package io.leakwatch.agent.config;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The CI gate at exit: the exit status to force when something was left open or leaked, and what is waived.
 *
 * <p>Immutable and thread-safe.
 *
 * @param exitCode     {@code exitcode=N} (1 to 255): the JVM's exit status when, after suppressions, a resource is
 *                     open or leaked at exit; empty leaves the status untouched
 * @param leakedOnly   {@code failon=leaked}: only resources that became unreachable while open fail the gate;
 *                     {@code failon=any} (the default): open ones too
 * @param suppressions {@code suppressions=FILE}: rules ({@code kind:pattern}, one a line) for known leaks
 */
public record GateOptions(OptionalInt exitCode, boolean leakedOnly, Optional<String> suppressions) {
    /** No gate: the exit status is the application's. */
    public static final GateOptions NONE = new GateOptions(OptionalInt.empty(), false, Optional.empty());
}
