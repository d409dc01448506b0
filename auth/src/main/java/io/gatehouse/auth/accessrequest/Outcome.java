package io.gatehouse.auth.accessrequest;

import java.util.Optional;

/** A rule's answer: a value, or a refusal with a message for the person who asked. */
public record Outcome<T>(Optional<T> value, String refusal) {
    static <T> Outcome<T> ok(T value) {
        return new Outcome<>(Optional.of(value), null);
    }

    static <T> Outcome<T> refused(String why) {
        return new Outcome<>(Optional.empty(), why);
    }
}
