package io.gatehouse.auth.resources;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.join.JoinTokenService;
import io.gatehouse.auth.sso.ConnectorSecrets;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.ResourcePage;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.resource.CertAuthoritySpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads resources of any kind, including the views over tokens and CAs (public parts only). */
@ApplicationScoped
public class ResourceReader {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final ResourceStore store;
    private final JoinTokenService tokens;
    private final CertificateAuthorities cas;

    public ResourceReader(Mutiny.SessionFactory sessions, Authorizer authorizer, ResourceStore store,
            JoinTokenService tokens, CertificateAuthorities cas) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.store = store;
        this.tokens = tokens;
        this.cas = cas;
    }

    public Uni<Resource<?>> get(Caller caller, Kind kind, String name) {
        return authorizer.require(caller, kind.id(), "read").flatMap(x -> sessions.withSession(s -> switch (kind) {
            case TOKEN -> tokens.get(s, name);
            case CERT_AUTHORITY -> Uni.createFrom().item(certAuthorities().stream()
                    .filter(r -> r.name().equals(name)).findFirst());
            default -> store.get(s, kind, name);
        })).map(found -> found.map(ConnectorSecrets::hidden).orElseThrow(() -> ApiException.notFound(kind.id() + " '" + name
                + "' not found; list them with gatectl get " + kind.id())));
    }

    public Uni<ResourcePage> list(Caller caller, Kind kind, Integer limit, String pageToken) {
        int size = limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(limit, MAX_LIMIT));
        String after = decodeToken(pageToken);
        return authorizer.require(caller, kind.id(), "list").flatMap(x -> sessions.withSession(s -> switch (kind) {
            case TOKEN -> tokens.list(s).map(all -> pageOf(all, after, size));
            case CERT_AUTHORITY -> Uni.createFrom().item(pageOf(certAuthorities(), after, size));
            default -> store.list(s, kind, after, size).map(p -> new ResourcePage(trees(p.items()),
                    p.more() ? p.lastName().map(ResourceReader::encodeToken).orElse(null) : null));
        }));
    }

    private static ResourcePage pageOf(List<Resource<?>> all, String after, int size) {
        List<Resource<?>> rest = all.stream().filter(r -> r.name().compareTo(after) > 0)
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        List<Resource<?>> page = rest.stream().limit(size).toList();
        String next = rest.size() > size ? encodeToken(page.get(page.size() - 1).name()) : null;
        return new ResourcePage(trees(page), next);
    }

    private static List<Map<String, Object>> trees(List<Resource<?>> items) {
        return items.stream().map(ConnectorSecrets::hidden).map(Resources::toTree).toList();
    }

    private List<Resource<?>> certAuthorities() {
        return Arrays.stream(CaType.values()).<Resource<?>>map(type -> {
            var ca = cas.get(type);
            var spec = new CertAuthoritySpec(type.id(), ca.clusterName(), List.of(ca.sshPublicKey()),
                    List.of(Keys.certificateToPem(ca.tlsCertificate())), Optional.empty());
            return new Resource<>(Kind.CERT_AUTHORITY, "v1", new Metadata(type.id(), Map.of(), type.id()
                    + " certificate authority of " + ca.clusterName(), Optional.empty(), 1), spec);
        }).toList();
    }

    private static String encodeToken(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        if (token == null || token.isBlank()) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("page_token is not one this API handed out; start again without it");
        }
    }
}
