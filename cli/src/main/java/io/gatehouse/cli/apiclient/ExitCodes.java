package io.gatehouse.cli.apiclient;

/** Exit codes scripts can rely on; documented in gatectl --help and cli/README.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int CONFLICT = 4;
    public static final int ACCESS_DENIED = 5;
    public static final int UNREACHABLE = 6;
    public static final int INVALID = 7;

    private ExitCodes() {
    }

    /** Maps an API error code (ApiError.code) to the exit code. */
    public static int forApiCode(String code) {
        return switch (code == null ? "" : code) {
            case "not_found" -> NOT_FOUND;
            case "already_exists", "conflict" -> CONFLICT;
            case "access_denied", "unauthenticated", "locked" -> ACCESS_DENIED;
            case "invalid", "expired" -> INVALID;
            default -> ERROR;
        };
    }
}
