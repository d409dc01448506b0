package io.gatehouse.shared.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.AuditPage;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.CreateTokenRequest;
import io.gatehouse.shared.api.CreateUserRequest;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.InviteResponse;
import io.gatehouse.shared.api.RecordingDto;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.api.StatusResponse;
import io.gatehouse.shared.api.TokenResponse;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.resource.Spec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Auth's API as typed calls over the shared transport and the shared resource codecs: what the
 * proxy, agents, {@code gatectl} and tests call instead of building paths and picking JSON fields.
 * Failures are whatever the transport's {@link ErrorMapping} makes of them.
 */
public final class ApiClient {
    private final ApiTransport auth;

    public ApiClient(ApiTransport auth) {
        this.auth = auth;
    }

    public ApiTransport transport() {
        return auth;
    }

    /** The same client acting for a user whose certificate the proxy forwards in {@code header}. */
    public ApiClient actingFor(String header, String forwardedCert) {
        return new ApiClient(auth.withHeader(header, forwardedCert));
    }

    // Resources

    /** Every resource of a kind, read page by page as the iteration goes. */
    public <S extends Spec> ResourcePages<S> list(Kind kind, Class<S> spec) {
        return new ResourcePages<>(auth, kind, spec);
    }

    /** One resource; a missing one fails as auth's "not found" refusal. */
    public <S extends Spec> Resource<S> get(Kind kind, String name, Class<S> spec) {
        return named(ResourcePages.typed(auth, auth.get(resourcePath(kind, name)), kind, spec), name);
    }

    /** One resource, or empty when auth says it does not exist. */
    public <S extends Spec> Optional<Resource<S>> find(Kind kind, String name, Class<S> spec) {
        return auth.find(resourcePath(kind, name)).map(tree -> named(ResourcePages.typed(auth, tree, kind, spec),
                name));
    }

    /** A role by name, or empty when it does not exist (any other failure is the mapping's). */
    public Optional<Resource<RoleSpec>> role(String name) {
        return find(Kind.ROLE, name, RoleSpec.class);
    }

    /** The roles named, in order: each present, or empty when auth has no such role. */
    public Map<String, Optional<Resource<RoleSpec>>> roles(Collection<String> names) {
        Map<String, Optional<Resource<RoleSpec>>> out = new LinkedHashMap<>();
        names.forEach(name -> out.computeIfAbsent(name, this::role));
        return out;
    }

    /** Creates every document of a YAML (or JSON) text, all or none; what auth stored, with revisions. */
    public List<Resource<?>> create(String documents) {
        return stored(auth.sendText("POST", ApiPaths.RESOURCES, "application/yaml", documents));
    }

    /** Replaces existing resources (all or none); with {@code upsert} creates missing ones too. */
    public List<Resource<?>> put(String documents, boolean upsert) {
        return stored(auth.sendText("PUT", ApiPaths.RESOURCES + (upsert ? "?upsert=true" : ""), "application/yaml",
                documents));
    }

    /** Writes one resource, creating it if missing (conditional on its revision when it carries one). */
    public Resource<?> put(Resource<?> resource) {
        List<Resource<?>> stored = put(Resources.toJson(resource), true);
        if (stored.size() != 1) {
            throw auth.unreadable(200, "one resource written, " + stored.size() + " reported");
        }
        return stored.get(0);
    }

    public void delete(Kind kind, String name) {
        auth.send("DELETE", resourcePath(kind, name), null);
    }

    // Certificate authorities

    /** The public parts of one CA (user, host, db, jwt). */
    public CaExport ca(String type) {
        return auth.get(ApiPaths.CAS + "/" + segment(type), CaExport.class);
    }

    /** The host CA's pin ("sha256:hex"), what agents and gate trust a proxy by on first contact. */
    public String hostCaPin() {
        CaExport ca = ca("host");
        if (ca.tlsCertificates() == null || ca.tlsCertificates().isEmpty()) {
            throw auth.unreadable(200, "the host CA came without its certificate");
        }
        try {
            var cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(ca.tlsCertificates().getFirst().getBytes(StandardCharsets.US_ASCII)));
            return CaPin.of(cert);
        } catch (CertificateException e) {
            throw auth.unreadable(200, "the host CA certificate cannot be read: " + e.getMessage());
        }
    }

    // Audit log and recordings

    public AuditPage auditEvents(AuditQuery query) {
        return auth.get(ApiPaths.AUDIT_EVENTS + query.queryString(), AuditPage.class);
    }

    public List<RecordingDto.Summary> recordings(int limit) {
        List<RecordingDto.Summary> out = new ArrayList<>();
        for (JsonNode r : auth.get(ApiPaths.RECORDINGS + "?limit=" + limit)) {
            out.add(auth.read(r, RecordingDto.Summary.class));
        }
        return out;
    }

    public RecordingDto.Summary recording(String session) {
        return auth.get(ApiPaths.RECORDINGS + "/" + segment(session), RecordingDto.Summary.class);
    }

    /** A recording's bytes as they arrive; the caller closes the stream. */
    public InputStream recordingContent(String session) {
        return auth.download(ApiPaths.RECORDINGS + "/" + segment(session) + "/content");
    }

    // Cluster, users, tokens, certificates (gatectl)

    public StatusResponse status() {
        return auth.get(ApiPaths.STATUS, StatusResponse.class);
    }

    public InviteResponse addUser(CreateUserRequest request) {
        return auth.send("POST", ApiPaths.USERS, request, InviteResponse.class);
    }

    public InviteResponse resetUser(String name) {
        return auth.send("POST", ApiPaths.USERS + "/" + segment(name) + "/reset", Map.of(), InviteResponse.class);
    }

    /** Ends a user's lockout; whether there was one. */
    public boolean unlockUser(String name) {
        return auth.send("POST", ApiPaths.USERS + "/" + segment(name) + "/unlock", Map.of()).path("was_locked")
                .asBoolean();
    }

    public TokenResponse addToken(CreateTokenRequest request) {
        return auth.send("POST", ApiPaths.TOKENS, request, TokenResponse.class);
    }

    public CertsResponse signUser(SignUserRequest request) {
        return auth.send("POST", ApiPaths.CERTS_USER, request, CertsResponse.class);
    }

    public HostCertsResponse signHost(SignHostRequest request) {
        return auth.send("POST", ApiPaths.CERTS_HOST, request, HostCertsResponse.class);
    }

    /** A name or token as one path segment or query value: nothing in it can change the path. */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String resourcePath(Kind kind, String name) {
        return ApiPaths.RESOURCES + "/" + kind.id() + "/" + segment(name);
    }

    /** A resource asked for by name must be the one named: anything else is a wrong answer, not a match. */
    private <S extends Spec> Resource<S> named(Resource<S> r, String name) {
        if (!r.name().equals(name)) {
            throw auth.unreadable(200, "asked for " + r.kind().id() + " '" + name + "', got " + r.kind().id() + " '"
                    + r.name() + "'");
        }
        return r;
    }

    private List<Resource<?>> stored(JsonNode page) {
        List<Resource<?>> out = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            Kind kind = Kind.fromId(item.path("kind").asText()).orElseThrow(() -> auth.unreadable(200,
                    "a stored resource of unknown kind '" + item.path("kind").asText() + "'"));
            out.add(ResourcePages.typed(auth, item, kind, Spec.class));
        }
        return out;
    }
}
