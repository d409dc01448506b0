package io.gatehouse.cli.gate;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a database client runs in the foreground, the terminal's Ctrl-C (SIGINT) reaches gate too;
 * it belongs to the client (psql cancels the running query through gate's listener), so gate
 * ignores it until the client ends, then restores what was there.
 */
final class InterruptGuard implements AutoCloseable {
    private static final Signal INT = new Signal("INT");
    private final SignalHandler previous;

    private InterruptGuard(SignalHandler previous) {
        this.previous = previous;
    }

    static InterruptGuard install() {
        return new InterruptGuard(Signal.handle(INT, signal -> {
            // the client's to act on
        }));
    }

    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
