package io.gatehouse.auth.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** One injectable clock, so time-dependent logic (expiry, lockout) can be tested without sleeping. */
public final class ClockProducer {
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
