package io.gatehouse.shared.resource;

import java.time.Duration;
import java.util.Objects;

/**
 * @param recordSession whether SSH and desktop sessions are recorded
 * @param recordingMode what a node does when a recording cannot be written (SSH sessions);
 *     {@link RecordingMode#STRICT} only with recordSession
 */
public record RoleOptions(Duration maxSessionTtl, boolean recordSession, boolean permitPortForwarding,
        boolean permitAgentForwarding, boolean permitX11Forwarding, boolean permitPty, RecordingMode recordingMode) {
    public static final Duration DEFAULT_MAX_SESSION_TTL = Duration.ofHours(12);
    public static final Duration LIMIT_MAX_SESSION_TTL = Duration.ofHours(720);

    public RoleOptions {
        Objects.requireNonNull(recordingMode, "recordingMode");
        if (recordingMode == RecordingMode.STRICT && !recordSession) {
            throw new IllegalArgumentException("a strict recording mode needs record_session");
        }
    }

    public static RoleOptions defaults() {
        return new RoleOptions(DEFAULT_MAX_SESSION_TTL, true, true, false, false, true, RecordingMode.BEST_EFFORT);
    }
}
