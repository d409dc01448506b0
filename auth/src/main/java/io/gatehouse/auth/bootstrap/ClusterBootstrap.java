package io.gatehouse.auth.bootstrap;

import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.auth.credentials.InviteService;
import io.gatehouse.auth.credentials.UserCredentials;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.UserSpec;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * What a fresh cluster needs before anyone can use it: the preset roles, the local identity
 * files, and — while no admin has signed up — a one-time admin signup link (in a private file, see
 * {@link AdminSignupLink}; never in the log).
 */
@Singleton
public class ClusterBootstrap {
    private static final Logger LOG = Logger.getLogger(ClusterBootstrap.class);
    static final String ADMIN_USER = "admin";

    private final CertificateAuthorities cas;
    private final CertificateIssuer issuer;
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final InviteService invites;
    private final GatehouseConfig config;

    public ClusterBootstrap(CertificateAuthorities cas, CertificateIssuer issuer, Mutiny.SessionFactory sessions,
            ResourceStore store, InviteService invites, GatehouseConfig config) {
        this.cas = cas;
        this.issuer = issuer;
        this.sessions = sessions;
        this.store = store;
        this.invites = invites;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        cas.ensureLoaded();
        Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        LocalIdentities local = new LocalIdentities(cas, issuer);
        local.write(dataDir.resolve("admin.identity"), "admin", List.of("admin"));
        local.write(dataDir.resolve("proxy.identity"), "proxy", List.of("proxy"));
        VertxContextSupport.subscribeAndAwait(() -> sessions.withTransaction(this::presetRoles));
        Optional<String> signup = VertxContextSupport.subscribeAndAwait(() -> sessions.withTransaction(this::adminSignup));
        LOG.infof("Auth service of cluster '%s' ready on :%d (mutual TLS). Local admin identity: %s",
                cas.clusterName(), config.auth().listenPort(), dataDir.resolve("admin.identity"));
        if (signup.isPresent()) {
            Path file = AdminSignupLink.write(dataDir, signup.get());
            // The link itself is a secret (whoever opens it first becomes admin): only where it is goes to the log.
            LOG.infof("User '%s' has not signed up yet: a one-time signup link, valid for %s, is in %s (readable by "
                    + "this service's user only; deploy/quickstart.sh prints it once). Each restart replaces it "
                    + "until the admin has signed up.", ADMIN_USER,
                    io.gatehouse.shared.resource.Durations.format(config.auth().inviteTtl()), file);
        } else {
            AdminSignupLink.remove(dataDir);
        }
    }

    private Uni<Void> presetRoles(Mutiny.Session s) {
        return Multi.createFrom().iterable(AccessChecker.presetRoles()).onItem()
                .transformToUniAndConcatenate(role -> store.insert(s, role)).collect().last().replaceWithVoid();
    }

    /** A link while the admin has not set a password; a restart replaces the old link with a new one. */
    private Uni<Optional<String>> adminSignup(Mutiny.Session s) {
        return store.count(s, Kind.USER).flatMap(count -> {
            if (count == 0) {
                Resource<UserSpec> admin = new Resource<>(Kind.USER, "v1", new Metadata(ADMIN_USER, Map.of(),
                        "created at first start", Optional.empty(), 0), new UserSpec(List.of("editor", "access",
                        "auditor"), Map.of("logins", List.of(System.getProperty("user.name", "root"))), "local"));
                return store.insert(s, admin).flatMap(x -> invites.create(s, ADMIN_USER))
                        .map(invite -> Optional.of(invite.inviteUrl()));
            }
            return store.get(s, Kind.USER, ADMIN_USER).flatMap(admin -> admin.isEmpty()
                    ? Uni.createFrom().item(Optional.<String>empty())
                    : s.find(UserCredentials.class, ADMIN_USER).flatMap(c -> c != null && c.passwordHash != null
                            ? Uni.createFrom().item(Optional.<String>empty())
                            : invites.create(s, ADMIN_USER).map(invite -> Optional.of(invite.inviteUrl()))));
        });
    }
}
