package io.gatehouse.shared.resource;

/** One thing wrong with a resource document: where (field path, 1-based line; 0 = unknown) and what. */
public record Problem(String field, int line, String message) {
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + (field == null || field.isEmpty() ? "" : field + ": ")
                + message;
    }
}
