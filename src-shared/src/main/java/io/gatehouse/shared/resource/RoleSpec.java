package io.gatehouse.shared.resource;

public record RoleSpec(RoleConditions allow, RoleConditions deny, RoleOptions options) implements Spec {
}
