package io.gatehouse.shared.resource;

/**
 * The spec of a resource an agent announces and serves (a node, a desktop, and next databases,
 * apps and Kubernetes clusters): the host id of the agent that serves it, which auth takes from
 * the agent's certificate, never from what the agent sends, and which the proxy routes through.
 */
public sealed interface HostedSpec extends Spec permits NodeSpec, DesktopSpec, DbSpec, AppSpec {
    String hostId();
}
