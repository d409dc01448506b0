package io.gatehouse.proxy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.api.client.AuthCallException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthForwardTest {

    @Test
    void aRateLimitReachesTheBrowserWithRetryAfterAndRetryAt() {
        Instant at = Instant.now().plusSeconds(30);
        var response = AuthForward.call(() -> {
            throw new AuthCallException(429, "rate_limited", "too many login attempts", at);
        });
        assertEquals(429, response.getStatus());
        long seconds = Long.parseLong(String.valueOf(response.getHeaderString("Retry-After")));
        assertTrue(seconds >= 29 && seconds <= 31, "Retry-After " + seconds);
        ApiError error = ((ApiError.Envelope) response.getEntity()).error();
        assertEquals(at, error.retryAt());
        assertEquals("rate_limited", error.code());
    }

    @Test
    void aRefusedLoginKeepsItsRetryAtButGetsNoRetryAfter() {
        Instant at = Instant.now().plusSeconds(1800);
        var response = AuthForward.call(() -> {
            throw new AuthCallException(401, "unauthenticated", "login failed", at);
        });
        assertEquals(401, response.getStatus());
        assertNull(response.getHeaderString("Retry-After"));
        assertEquals(at, ((ApiError.Envelope) response.getEntity()).error().retryAt());
    }
}
