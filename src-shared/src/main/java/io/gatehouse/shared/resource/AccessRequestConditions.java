package io.gatehouse.shared.resource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

public record AccessRequestConditions(List<String> roles, List<Threshold> thresholds, Optional<Duration> maxDuration) {
    public static final AccessRequestConditions NONE = new AccessRequestConditions(List.of(), List.of(),
            Optional.empty());

    public AccessRequestConditions {
        roles = List.copyOf(roles);
        thresholds = List.copyOf(thresholds);
        maxDuration = maxDuration == null ? Optional.empty() : maxDuration;
    }
}
