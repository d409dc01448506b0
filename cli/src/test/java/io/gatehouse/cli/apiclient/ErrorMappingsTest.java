package io.gatehouse.cli.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.api.client.ApiTransport;
import io.gatehouse.shared.api.client.CallFailure;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What gatectl and gate tell a person, and which exit code scripts see, for each way a call fails. */
class ErrorMappingsTest {
    private static CliException auth(CallFailure f) {
        return (CliException) new AuthErrors("auth.example:3025").map(f);
    }

    private static CliException proxy(CallFailure f) {
        return (CliException) new ProxyErrors("proxy.example:3080").map(f);
    }

    @Test
    void authsRefusalKeepsItsMessageCodeAndProblemLines() {
        var problems = List.of(new ApiError.ProblemDto("spec.allow.logins", 7, "expected a list of strings"),
                new ApiError.ProblemDto("metadata.name", 0, "required"));
        CliException e = auth(new CallFailure.Refused("https://auth.example:3025", 400, new ApiError("invalid",
                "role 'x': 2 problems", problems)));
        assertEquals(ExitCodes.INVALID, e.exitCode());
        assertEquals("role 'x': 2 problems", e.getMessage());
        assertEquals(List.of("line 7: spec.allow.logins: expected a list of strings", "metadata.name: required"),
                e.details());
        assertEquals(ExitCodes.CONFLICT, auth(new CallFailure.Refused("t", 409, ApiError.of("already_exists", "x")))
                .exitCode());
        CliException bare = auth(new CallFailure.Refused("t", 500, null));
        assertEquals("the auth service answered HTTP 500", bare.getMessage());
        assertEquals(ExitCodes.ERROR, bare.exitCode());
    }

    @Test
    void authOutOfReachOrTlsTroubleSaysWhatToCheck() {
        CliException down = auth(new CallFailure.Unreachable("t", new ConnectException()));
        assertEquals(ExitCodes.UNREACHABLE, down.exitCode());
        assertTrue(down.getMessage().contains("cannot reach the auth service at auth.example:3025 (connection "
                + "refused) — is it running?"), down.getMessage());
        CliException tls = auth(new CallFailure.Unreachable("t", new SSLHandshakeException("bad_certificate")));
        assertEquals(ExitCodes.ACCESS_DENIED, tls.exitCode());
        assertTrue(tls.getMessage().contains("the identity may be expired"), tls.getMessage());
    }

    @Test
    void theProxyMapsStatusesAndTlsToWhatAUserCanDo() {
        assertEquals(ExitCodes.ACCESS_DENIED, proxy(new CallFailure.Refused("t", 403, ApiError.of("access_denied",
                "no"))).exitCode());
        assertEquals(ExitCodes.NOT_FOUND, proxy(new CallFailure.Refused("t", 404, null)).exitCode());
        assertEquals("HTTP 404", proxy(new CallFailure.Refused("t", 404, null)).getMessage());
        assertEquals(ExitCodes.UNREACHABLE, proxy(new CallFailure.Refused("t", 502, null)).exitCode());
        CliException expired = proxy(new CallFailure.Unreachable("t", new SSLHandshakeException(
                "Received fatal alert: certificate_expired")));
        assertEquals(ExitCodes.ACCESS_DENIED, expired.exitCode());
        assertTrue(expired.getMessage().endsWith("run gate login again"), expired.getMessage());
        CliException untrusted = proxy(new CallFailure.Unreachable("t", new SSLHandshakeException("PKIX path")));
        assertTrue(untrusted.getMessage().contains("--ca-pin"), untrusted.getMessage());
    }

    @Test
    void aWebPageInsteadOfTheApiIsNamedAsSuch() {
        CliException page = proxy(new CallFailure.Unreadable("t", 200, "the answer is not JSON"));
        assertTrue(page.getMessage().contains("with something that is not JSON; is proxy.example:3080 a Gatehouse "
                + "proxy's web address?"), page.getMessage());
        CliException shape = proxy(new CallFailure.Unreadable("t", 200, "Cannot deserialize"));
        assertEquals("unexpected answer from the proxy proxy.example:3080: Cannot deserialize", shape.getMessage());
    }

    @Test
    void nothingListeningIsUnreachableThroughTheRealTransport() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var transport = ApiTransport.https(SSLContext.getDefault(), "127.0.0.1:" + port, new ProxyErrors(
                "127.0.0.1:" + port));
        CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> transport.get("/"));
        assertEquals(ExitCodes.UNREACHABLE, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot reach the proxy 127.0.0.1:" + port), e.getMessage());
    }
}
