package io.gatehouse.shared.resource;

/** A resource as admins write it: kind, version, metadata, spec (DESIGN.md "Resources"). */
public record Resource<S extends Spec>(Kind kind, String version, Metadata metadata, S spec) {
    public String name() {
        return metadata.name();
    }

    @SuppressWarnings("unchecked")
    public <T extends Spec> Resource<T> as(Class<T> type) {
        if (!type.isInstance(spec)) {
            throw new IllegalArgumentException(kind.id() + " '" + name() + "' is not a " + type.getSimpleName());
        }
        return (Resource<T>) this;
    }
}
