package io.gatehouse.shared.resource;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a node does when a session its roles record cannot be recorded (disk full, recordings
 * directory not writable): Teleport's record_session modes (RFD 68). Across a user's roles the
 * strictest wins, so no role can loosen another's {@link #STRICT}.
 */
public enum RecordingMode {
    /** The session runs on unrecorded; the failure is audited. Teleport's default, and ours. */
    BEST_EFFORT("best_effort"),
    /** The session is refused, or ended at the first failed write, rather than run unrecorded. */
    STRICT("strict");

    private final String id;

    RecordingMode(String id) {
        this.id = id;
    }

    /** The YAML spelling: best_effort or strict. */
    public String id() {
        return id;
    }

    public static Optional<RecordingMode> fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
