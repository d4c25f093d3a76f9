package io.leakwatch.report.cli;

/**
 * The command line was wrong (unknown command or option, a missing or bad value): the one-line message says what and
 * what is valid. The command exits with status 2.
 *
 * <p>Immutable and thread-safe.
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
