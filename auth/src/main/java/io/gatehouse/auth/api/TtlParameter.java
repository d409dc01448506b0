package io.gatehouse.auth.api;

import io.gatehouse.shared.resource.Durations;
import java.time.Duration;
import java.util.Optional;

/** A TTL sent by a client ("8h"): parsed once, the same way, with a message that says what to send. */
public final class TtlParameter {
    private TtlParameter() {
    }

    /**
     * @param what what the TTL is for, e.g. "token TTL"
     * @param max the largest accepted value, or empty for no limit here (roles may cap it later)
     * @return empty when the client sent none
     */
    public static Optional<Duration> parse(String text, String what, Optional<Duration> max) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Duration ttl;
        try {
            ttl = Durations.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(what + " '" + text + "' is not a duration: " + e.getMessage());
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw ApiException.invalid(what + " '" + text + "' must be positive");
        }
        max.filter(m -> ttl.compareTo(m) > 0).ifPresent(m -> {
            throw ApiException.invalid(what + " " + text + " is too long: at most " + Durations.format(m));
        });
        return Optional.of(ttl);
    }
}
