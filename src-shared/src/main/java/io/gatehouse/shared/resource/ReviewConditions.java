package io.gatehouse.shared.resource;

import java.util.List;

public record ReviewConditions(List<String> roles) {
    public ReviewConditions {
        roles = List.copyOf(roles);
    }
}
