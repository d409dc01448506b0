package io.gatehouse.shared.resource;

import java.time.Duration;
import java.util.List;

/** A label whose value is a command's output, refreshed every period (Teleport's dynamic labels). */
public record CommandLabel(List<String> command, Duration period, String result) {
    public CommandLabel {
        command = List.copyOf(command);
        result = result == null ? "" : result;
    }
}
