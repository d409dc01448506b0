package io.gatehouse.agent.service;

import io.gatehouse.shared.api.InventoryHeartbeat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Resources a service heartbeats: their kind ("node", "desktop") and the entries, read at every beat
 * (labels from commands change between beats).
 */
public record Announcement(String kind, Supplier<List<InventoryHeartbeat.Entry>> entries) {
}
