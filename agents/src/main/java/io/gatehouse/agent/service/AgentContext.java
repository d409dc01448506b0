package io.gatehouse.agent.service;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import io.gatehouse.shared.cert.RenewableIdentity;
import io.gatehouse.shared.rbac.CertificateRoles;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every service starts from: the configuration, the agent's identity (renewed underneath),
 * the cluster's user CAs, roles from auth (fail closed), the audit spool, and the subsystems the
 * supervisor routes to services over the SSH transport.
 *
 * @param audit      adds an event to the agent's spool (shipped to auth, kept across restarts)
 * @param recordings where sessions are recorded before upload
 */
public record AgentContext(AgentConfig config, RenewableIdentity identity, List<PublicKey> userCas,
        CertificateRoles roles, MtlsJsonClient auth, Consumer<NodeEvent> audit, Clock clock,
        Optional<Path> recordings, SubsystemRoutes subsystems) {

    public AgentContext {
        userCas = List.copyOf(userCas);
    }
}
