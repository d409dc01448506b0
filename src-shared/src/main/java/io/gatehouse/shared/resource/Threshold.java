package io.gatehouse.shared.resource;

public record Threshold(int approve, int deny) {
}
