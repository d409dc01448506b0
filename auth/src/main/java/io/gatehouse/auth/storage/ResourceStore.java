package io.gatehouse.auth.storage;

import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Resources kept as JSON documents in the resources table. Every method runs inside the caller's
 * session/transaction, so a multi-document create is all-or-nothing. Revisions make updates
 * conditional: a writer that read revision N cannot overwrite revision N+1 unknowingly.
 */
@ApplicationScoped
public class ResourceStore {
    private final Clock clock;

    public ResourceStore(Clock clock) {
        this.clock = clock;
    }

    public record Page(List<Resource<?>> items, Optional<String> lastName, boolean more) {
    }

    /**
     * Like get, but without loading the row into the session: for reading a resource that the same
     * transaction then updates (update locks the row; locking a row the session already holds fails
     * in Hibernate Reactive with this composite key).
     */
    public Uni<Optional<Resource<?>>> peek(Mutiny.Session s, Kind kind, String name) {
        return s.createSelectionQuery("select r.doc, r.revision from ResourceRow r where r.kind = :k and r.name = :n",
                        Object[].class).setParameter("k", kind.id()).setParameter("n", name).getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> withRevision(Resources.parseJson((String) r[0],
                        kind.id() + "/" + name), (Long) r[1])));
    }

    public Uni<Optional<Resource<?>>> get(Mutiny.Session s, Kind kind, String name) {
        return s.find(ResourceRow.class, new ResourceRow.Key(kind.id(), name)).map(row -> Optional.ofNullable(row)
                .map(ResourceStore::toResource));
    }

    public Uni<Page> list(Mutiny.Session s, Kind kind, String afterName, int limit) {
        return s.createSelectionQuery("from ResourceRow where kind = :kind and name > :after order by name",
                        ResourceRow.class)
                .setParameter("kind", kind.id()).setParameter("after", afterName == null ? "" : afterName)
                .setMaxResults(limit + 1).getResultList()
                .map(rows -> {
                    List<Resource<?>> items = rows.stream().limit(limit).map(ResourceStore::toResource)
                            .<Resource<?>>map(r -> r).toList();
                    boolean more = rows.size() > limit;
                    return new Page(items, items.isEmpty() ? Optional.empty()
                            : Optional.of(items.get(items.size() - 1).name()), more);
                });
    }

    public Uni<List<Resource<?>>> all(Mutiny.Session s, Kind kind) {
        return s.createSelectionQuery("from ResourceRow where kind = :kind order by name", ResourceRow.class)
                .setParameter("kind", kind.id()).getResultList()
                .map(rows -> rows.stream().map(ResourceStore::toResource).<Resource<?>>map(r -> r).toList());
    }

    public Uni<List<Resource<?>>> byNames(Mutiny.Session s, Kind kind, List<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return s.createSelectionQuery("from ResourceRow where kind = :kind and name in :names order by name",
                        ResourceRow.class)
                .setParameter("kind", kind.id()).setParameter("names", names).getResultList()
                .map(rows -> rows.stream().map(ResourceStore::toResource).<Resource<?>>map(r -> r).toList());
    }

    public Uni<Long> count(Mutiny.Session s, Kind kind) {
        return s.createSelectionQuery("select count(*) from ResourceRow where kind = :kind", Long.class)
                .setParameter("kind", kind.id()).getSingleResult();
    }

    /** @return the stored resource (revision 1), or empty when one of that kind and name exists. */
    public Uni<Optional<Resource<?>>> insert(Mutiny.Session s, Resource<?> resource) {
        return s.find(ResourceRow.class, new ResourceRow.Key(resource.kind().id(), resource.name()))
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(Optional.empty());
                    }
                    Resource<?> stored = withRevision(resource, 1);
                    ResourceRow row = new ResourceRow();
                    row.kind = resource.kind().id();
                    row.name = resource.name();
                    fill(row, stored);
                    row.createdAt = row.updatedAt;
                    return s.persist(row).replaceWith(Optional.of(stored));
                });
    }

    public sealed interface UpdateResult {
        record Updated(Resource<?> resource) implements UpdateResult {
        }

        record NotFound() implements UpdateResult {
        }

        record StaleRevision(long current) implements UpdateResult {
        }
    }

    /** Conditional when the incoming resource carries a revision (> 0); otherwise last writer wins. */
    public Uni<UpdateResult> update(Mutiny.Session s, Resource<?> resource) {
        return s.find(ResourceRow.class, new ResourceRow.Key(resource.kind().id(), resource.name()),
                        org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .map(row -> {
                    if (row == null) {
                        return new UpdateResult.NotFound();
                    }
                    long incoming = resource.metadata().revision();
                    if (incoming > 0 && incoming != row.revision) {
                        return new UpdateResult.StaleRevision(row.revision);
                    }
                    Resource<?> stored = withRevision(resource, row.revision + 1);
                    fill(row, stored);
                    return new UpdateResult.Updated(stored);
                });
    }

    public Uni<Boolean> delete(Mutiny.Session s, Kind kind, String name) {
        return s.createMutationQuery("delete from ResourceRow where kind = :kind and name = :name")
                .setParameter("kind", kind.id()).setParameter("name", name).executeUpdate().map(n -> n > 0);
    }

    private void fill(ResourceRow row, Resource<?> stored) {
        row.revision = stored.metadata().revision();
        row.doc = Resources.toJson(stored);
        row.expires = stored.metadata().expires().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
        row.updatedAt = OffsetDateTime.now(clock);
    }

    private static Resource<?> toResource(ResourceRow row) {
        return withRevision(Resources.parseJson(row.doc, row.kind + "/" + row.name), row.revision);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Resource<?> withRevision(Resource<?> r, long revision) {
        Metadata m = r.metadata();
        return new Resource(r.kind(), r.version(),
                new Metadata(m.name(), m.labels(), m.description(), m.expires(), revision), r.spec());
    }
}
