package io.gatehouse.shared.resource;

import java.util.Map;

public record NodeSpec(String hostname, String addr, String hostId, Map<String, CommandLabel> cmdLabels)
        implements HostedSpec {
    public NodeSpec {
        hostname = hostname == null ? "" : hostname;
        addr = addr == null ? "" : addr;
        hostId = hostId == null ? "" : hostId;
        cmdLabels = Map.copyOf(cmdLabels);
    }
}
