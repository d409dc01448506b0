package io.gatehouse.agent.labels;

import java.time.Duration;
import java.util.List;

/**
 * A label whose value is the output of a command the agent runs every period (Teleport's
 * "commands" labels), e.g. {@code arch: [uname, -m]} every hour.
 */
public record CommandLabel(String name, List<String> command, Duration period) {
    public CommandLabel {
        command = List.copyOf(command);
    }
}
