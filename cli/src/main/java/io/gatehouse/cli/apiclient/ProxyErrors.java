package io.gatehouse.cli.apiclient;

import io.gatehouse.shared.api.client.CallFailure;
import io.gatehouse.shared.api.client.ErrorMapping;
import javax.net.ssl.SSLHandshakeException;

/**
 * gate's reading of a failed call to the proxy's web API: exit codes by HTTP status, the proxy's
 * own message, and hints for what a user can do about TLS (log in again, pin the CA).
 */
public record ProxyErrors(String proxy) implements ErrorMapping {
    @Override
    public RuntimeException map(CallFailure failure) {
        return switch (failure) {
            case CallFailure.Unreachable u when u.cause() instanceof SSLHandshakeException e -> handshake(e);
            case CallFailure.Unreachable u -> new CliException(ExitCodes.UNREACHABLE, "cannot reach the proxy " + proxy
                    + ": " + u.reason() + "; check the address and that the proxy runs");
            case CallFailure.Interrupted i -> new CliException(ExitCodes.ERROR, "interrupted");
            case CallFailure.Refused r -> new CliException(exitCode(r.status()), r.message("HTTP " + r.status()));
            case CallFailure.Unreadable u when !u.notJson() -> new CliException(ExitCodes.ERROR, "unexpected answer "
                    + "from the proxy " + proxy + ": " + u.problem());
            case CallFailure.Unreadable u -> new CliException(ExitCodes.ERROR, "the proxy " + proxy + " answered HTTP "
                    + u.status() + " with something that is not JSON; is " + proxy + " a Gatehouse proxy's web "
                    + "address?");
            case CallFailure.Unsendable u -> new CliException(ExitCodes.ERROR, "cannot encode the request: "
                    + u.problem());
        };
    }

    private CliException handshake(SSLHandshakeException e) {
        if (String.valueOf(e.getMessage()).matches(".*(certificate_unknown|bad_certificate|certificate_expired).*")) {
            return new CliException(ExitCodes.ACCESS_DENIED, "the proxy " + proxy + " refused your certificate ("
                    + e.getMessage() + "); it may have expired: run gate login again");
        }
        return new CliException(ExitCodes.UNREACHABLE, "the proxy " + proxy + " presented a certificate this "
                + "machine does not trust (" + e.getMessage() + "). Pass --ca-pin=sha256:... (gatectl status "
                + "shows it) to trust the cluster's CA, or --insecure on a test cluster only.");
    }

    private static int exitCode(int status) {
        return switch (status) {
            case 401, 403 -> ExitCodes.ACCESS_DENIED;
            case 404 -> ExitCodes.NOT_FOUND;
            case 400, 422 -> ExitCodes.INVALID;
            case 502, 503 -> ExitCodes.UNREACHABLE;
            default -> ExitCodes.ERROR;
        };
    }
}
