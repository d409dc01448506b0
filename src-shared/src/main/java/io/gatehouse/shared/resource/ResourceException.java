package io.gatehouse.shared.resource;

import java.util.List;
import java.util.stream.Collectors;

/** A document was refused; every problem found is listed, not just the first. */
public final class ResourceException extends RuntimeException {
    private final List<Problem> problems;

    public ResourceException(String source, List<Problem> problems) {
        super(source + ": " + (problems.size() == 1 ? "1 problem" : problems.size() + " problems") + ":\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
