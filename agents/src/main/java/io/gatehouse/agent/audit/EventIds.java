package io.gatehouse.agent.audit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ids for events that come thousands a second (a database session's statements): a random
 * 128-bit prefix drawn once, then a counter. As unguessable and unique as a random UUID each (auth
 * stores an event id once, so a guessable id could let another node pre-empt an event), without
 * reading the system's random source per event.
 */
public final class EventIds {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    public EventIds() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random) + "-";
    }

    /** 33 to 48 characters of hex digits and a dash, as auth's event id rule asks. */
    public String next() {
        return prefix + Long.toHexString(next.getAndIncrement());
    }
}
