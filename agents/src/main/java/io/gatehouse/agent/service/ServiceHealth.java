package io.gatehouse.agent.service;

import java.util.Optional;

/** A service's state as /readyz and the metrics show it; {@code problem} says why it is not up. */
public record ServiceHealth(String service, State state, Optional<String> problem) {

    public enum State {
        STARTING, UP, FAILED, STOPPED
    }

    public boolean up() {
        return state == State.UP;
    }

    static ServiceHealth starting(String service) {
        return new ServiceHealth(service, State.STARTING, Optional.empty());
    }

    static ServiceHealth up(String service) {
        return new ServiceHealth(service, State.UP, Optional.empty());
    }

    static ServiceHealth failed(String service, String problem) {
        return new ServiceHealth(service, State.FAILED, Optional.of(problem));
    }

    static ServiceHealth stopped(String service) {
        return new ServiceHealth(service, State.STOPPED, Optional.empty());
    }
}
