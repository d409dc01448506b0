package io.gatehouse.auth.resources;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.join.JoinTokenService;
import io.gatehouse.auth.sso.ConnectorSecrets;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Create, update and delete for admin-managed resources sent as YAML. A request with several
 * documents is one transaction: either every document is stored with its audit event, or nothing
 * changes. Tokens and CAs have their own lifecycles and are refused here with a pointer.
 */
@ApplicationScoped
public class ResourceService {
    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final ResourceStore store;
    private final ResourceRules rules;
    private final JoinTokenService tokens;
    private final AuditLog audit;
    private final ConnectorSecrets connectorSecrets;

    public ResourceService(Mutiny.SessionFactory sessions, Authorizer authorizer, ResourceStore store,
            ResourceRules rules, JoinTokenService tokens, AuditLog audit, ConnectorSecrets connectorSecrets) {
        this.connectorSecrets = connectorSecrets;
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.store = store;
        this.rules = rules;
        this.tokens = tokens;
        this.audit = audit;
    }

    public enum Mode { CREATE, UPDATE, UPSERT }

    public Uni<List<Resource<?>>> write(Caller caller, String body, Mode mode) {
        List<Resource<?>> docs = Resources.parseYaml(body == null ? "" : body, "request");
        if (docs.isEmpty()) {
            throw ApiException.invalid("the request holds no resource documents");
        }
        docs.forEach(ResourceService::refuseSpecialKinds);
        String verb = mode == Mode.CREATE ? "create" : "update";
        return Multi.createFrom().iterable(docs).onItem()
                .transformToUniAndConcatenate(d -> authorizer.require(caller, d.kind().id(), verb)).collect().last()
                .flatMap(x -> sessions.withTransaction(s -> writeAll(s, caller, docs, mode)));
    }

    private Uni<List<Resource<?>>> writeAll(Mutiny.Session s, Caller caller, List<Resource<?>> docs, Mode mode) {
        List<Resource<?>> stored = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Resource<?> doc : docs) {
            chain = chain.flatMap(x -> rules.checkBeforeWrite(s, doc))
                    .flatMap(x -> connectorSecrets.forStorage(s, doc))
                    .flatMap(sealed -> writeOne(s, sealed, mode))
                    .flatMap(result -> {
                        stored.add(ConnectorSecrets.hidden(result.resource()));
                        String verb = result.created() ? "create" : "update";
                        return auditChange(s, caller, result.resource(), verb);
                    });
        }
        return chain.replaceWith(stored);
    }

    private record Written(Resource<?> resource, boolean created) {
    }

    private Uni<Written> writeOne(Mutiny.Session s, Resource<?> doc, Mode mode) {
        String what = doc.kind().id() + " '" + doc.name() + "'";
        if (mode == Mode.CREATE) {
            return store.insert(s, doc).map(r -> new Written(r.orElseThrow(() -> ApiException.alreadyExists(what
                    + " already exists; use gatectl update -f FILE (or create --force) to change it")), true));
        }
        return store.update(s, doc).flatMap(result -> switch (result) {
            case ResourceStore.UpdateResult.Updated u -> Uni.createFrom().item(new Written(u.resource(), false));
            case ResourceStore.UpdateResult.StaleRevision st -> Uni.createFrom().failure(ApiException.conflict(what
                    + " was changed by someone else (now at revision " + st.current() + ", yours is "
                    + doc.metadata().revision() + "); get it again, re-apply your edit, and retry"));
            case ResourceStore.UpdateResult.NotFound nf -> mode == Mode.UPSERT
                    ? store.insert(s, doc).map(r -> new Written(r.orElseThrow(), true))
                    : Uni.createFrom().failure(ApiException.notFound(what
                            + " not found; create it with gatectl create -f FILE"));
        });
    }

    public Uni<Void> delete(Caller caller, Kind kind, String name) {
        String what = kind.id() + " '" + name + "'";
        if (kind.readOnly()) {
            throw ApiException.invalid(what + " is read-only: certificate authorities are managed by the auth service");
        }
        return authorizer.require(caller, kind.id(), "delete").flatMap(x -> sessions.withTransaction(s ->
                rules.checkBeforeDelete(s, kind, name)
                        .flatMap(y -> kind == Kind.TOKEN ? tokens.delete(s, name) : store.delete(s, kind, name))
                        .flatMap(deleted -> {
                            if (!deleted) {
                                return Uni.createFrom().failure(ApiException.notFound(what + " not found"));
                            }
                            return cleanUpAfterDelete(s, kind, name).flatMap(v -> auditEvent(kind, "delete")
                                    .map(type -> audit.record(s, AuditEvent.success(type, caller.name(),
                                            kind.id() + "/" + name, Map.of())))
                                    .orElse(Uni.createFrom().voidItem()));
                        })));
    }

    private Uni<Void> cleanUpAfterDelete(Mutiny.Session s, Kind kind, String name) {
        if (kind != Kind.USER) {
            return Uni.createFrom().voidItem();
        }
        return s.createMutationQuery("delete from UserCredentials where username = :u").setParameter("u", name)
                .executeUpdate()
                .flatMap(n -> s.createMutationQuery("delete from Invite where username = :u").setParameter("u", name)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> auditChange(Mutiny.Session s, Caller caller, Resource<?> r, String verb) {
        return auditEvent(r.kind(), verb).map(type -> audit.record(s, AuditEvent.success(type, caller.name(),
                        r.kind().id() + "/" + r.name(), Map.of("revision", r.metadata().revision()))))
                .orElse(Uni.createFrom().voidItem());
    }

    private static Optional<EventType> auditEvent(Kind kind, String verb) {
        return EventType.forResource(kind.id(), verb);
    }

    private static void refuseSpecialKinds(Resource<?> doc) {
        if (doc.kind() == Kind.TOKEN) {
            throw ApiException.invalid("join tokens are created with gatectl tokens add --type=ROLES "
                    + "(the auth service generates the secret); token '" + doc.name() + "' was not stored");
        }
        if (doc.kind().readOnly()) {
            throw ApiException.invalid(doc.kind().id() + " '" + doc.name()
                    + "' is read-only: certificate authorities are managed by the auth service");
        }
    }
}
