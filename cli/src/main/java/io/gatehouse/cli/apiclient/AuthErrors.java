package io.gatehouse.cli.apiclient;

import io.gatehouse.shared.api.client.CallFailure;
import io.gatehouse.shared.api.client.ErrorMapping;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * gatectl's reading of a failed call to auth: an exit code scripts can rely on and a message that
 * says what to do (is auth running, is the identity current), with auth's validation problems as
 * detail lines.
 */
public record AuthErrors(String authAddr) implements ErrorMapping {
    @Override
    public RuntimeException map(CallFailure failure) {
        return switch (failure) {
            case CallFailure.Unreachable u -> unreachable(u);
            case CallFailure.Interrupted i -> new CliException(ExitCodes.ERROR, "interrupted");
            case CallFailure.Refused r -> new CliException(ExitCodes.forApiCode(r.code("")), r.message(
                    "the auth service answered HTTP " + r.status()), details(r));
            case CallFailure.Unreadable u -> u.status() / 100 == 2
                    ? new CliException(ExitCodes.ERROR, "unexpected answer from the auth service: " + u.problem())
                    : new CliException(ExitCodes.ERROR, "the auth service answered HTTP " + u.status());
            case CallFailure.Unsendable u -> new CliException(ExitCodes.ERROR, "cannot encode the request: "
                    + u.problem());
        };
    }

    private CliException unreachable(CallFailure.Unreachable u) {
        return switch (u.cause()) {
            case ConnectException e -> refused(e.getMessage());
            case HttpConnectTimeoutException e -> refused(e.getMessage());
            case SSLHandshakeException e -> new CliException(ExitCodes.ACCESS_DENIED, "TLS handshake with the auth "
                    + "service at " + authAddr + " failed: " + e.getMessage() + " — the identity may be expired or "
                    + "from another cluster, or the server's certificate is not signed by this cluster's host CA");
            case SSLException e -> new CliException(ExitCodes.ACCESS_DENIED, "TLS error talking to " + authAddr + ": "
                    + e.getMessage());
            default -> new CliException(ExitCodes.UNREACHABLE, "lost the connection to the auth service at "
                    + authAddr + ": " + u.reason());
        };
    }

    private CliException refused(String message) {
        return new CliException(ExitCodes.UNREACHABLE, "cannot reach the auth service at " + authAddr + " ("
                + (message == null ? "connection refused" : message) + ") — is it running? (deploy/quickstart.sh "
                + "status)");
    }

    private static List<String> details(CallFailure.Refused r) {
        return r.error() == null ? List.of() : r.error().problems().stream().map(p -> (p.line() > 0 ? "line "
                + p.line() + ": " : "") + p.field() + ": " + p.message()).toList();
    }
}
