package io.gatehouse.agent.service;

import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service channels the proxy opens on the agent's tunnel, routed by their service ("db"; next
 * "app", "kube") to the agent service that serves it; a service this agent does not run is refused.
 */
public final class ServiceChannelRoutes implements ServiceChannels.Server {
    private final Map<String, ServiceChannels.Server> routes = new ConcurrentHashMap<>();

    public void route(String service, ServiceChannels.Server server) {
        routes.put(service, server);
    }

    @Override
    public ServiceChannels.Decision open(ServiceRequest request) throws Exception {
        ServiceChannels.Server server = routes.get(request.service());
        if (server == null) {
            return new ServiceChannels.Refused("this agent runs no " + request.service() + " service");
        }
        return server.open(request);
    }
}
