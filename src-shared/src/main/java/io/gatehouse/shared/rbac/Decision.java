package io.gatehouse.shared.rbac;

/** An access decision with the sentence that explains it (for the audit log and the user). */
public record Decision(boolean allowed, String reason) {
    public static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
