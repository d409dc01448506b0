package io.gatehouse.cli.apiclient;

import java.util.List;

/** A failure to show the person at the terminal, with the exit code scripts see. */
public final class CliException extends RuntimeException {
    private final int exitCode;
    private final List<String> details;

    public CliException(int exitCode, String message, List<String> details) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.details = List.copyOf(details);
    }

    public CliException(int exitCode, String message) {
        this(exitCode, message, List.of());
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> details() {
        return details;
    }
}
