package io.gatehouse.auth.sso;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.OidcConnectorSpec;
import io.gatehouse.shared.resource.Resource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A connector's client secret is stored sealed with the key-encryption key and never shown: reads
 * say {@link OidcConnectorSpec#HIDDEN}, and writing that placeholder back (get, edit, update)
 * keeps the stored secret. Only proxies get it in clear (SsoApi), to run the flow.
 */
@ApplicationScoped
public class ConnectorSecrets {
    private static final String SEALED = "sealed:";

    private final CertificateAuthorities cas;
    private final ResourceStore store;

    public ConnectorSecrets(CertificateAuthorities cas, ResourceStore store) {
        this.cas = cas;
        this.store = store;
    }

    /** The resource as it is to be stored: its secret sealed (or the stored one kept). */
    public Uni<Resource<?>> forStorage(Mutiny.Session s, Resource<?> doc) {
        if (doc.kind() != Kind.OIDC_CONNECTOR) {
            return Uni.createFrom().item(doc);
        }
        Resource<OidcConnectorSpec> c = doc.as(OidcConnectorSpec.class);
        String secret = c.spec().clientSecret();
        if (!OidcConnectorSpec.HIDDEN.equals(secret) && !secret.startsWith(SEALED)) {
            return Uni.createFrom().item(with(c, seal(c.name(), secret)));
        }
        return store.peek(s, Kind.OIDC_CONNECTOR, c.name()).map(existing -> existing.map(e -> with(c,
                e.as(OidcConnectorSpec.class).spec().clientSecret())).orElseThrow(() -> ApiException.invalid(
                "oidc_connector '" + c.name() + "' has no client secret yet: give spec.client_secret (the one your "
                        + "identity provider issued for client " + c.spec().clientId() + ")")));
    }

    /** What readers see. */
    public static Resource<?> hidden(Resource<?> r) {
        if (r.kind() != Kind.OIDC_CONNECTOR) {
            return r;
        }
        return with(r.as(OidcConnectorSpec.class), OidcConnectorSpec.HIDDEN);
    }

    public String open(Resource<OidcConnectorSpec> c) {
        String stored = c.spec().clientSecret();
        if (!stored.startsWith(SEALED)) {
            throw new ApiException(500, "internal", "oidc_connector '" + c.name() + "' holds no sealed secret; "
                    + "update it with its client_secret");
        }
        try {
            return new String(cas.kek().decrypt(Base64.getDecoder().decode(stored.substring(SEALED.length())),
                    purpose(c.name())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ApiException(500, "internal", "the client secret of oidc_connector '" + c.name() + "' cannot "
                    + "be decrypted with this auth's key-encryption key; update the connector with its secret");
        }
    }

    private String seal(String name, String secret) {
        return SEALED + Base64.getEncoder().encodeToString(cas.kek().encrypt(secret.getBytes(StandardCharsets.UTF_8),
                purpose(name)));
    }

    private static Resource<?> with(Resource<OidcConnectorSpec> c, String secret) {
        return new Resource<>(c.kind(), c.version(), c.metadata(), c.spec().withClientSecret(secret));
    }

    private static String purpose(String name) {
        return "gatehouse-oidc-client-secret:" + name;
    }
}
