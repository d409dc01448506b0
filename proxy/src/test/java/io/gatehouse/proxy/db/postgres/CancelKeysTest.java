package io.gatehouse.proxy.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.shared.db.postgres.StartupPacket.CancelRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CancelKeysTest {
    private final CancelKeys keys = new CancelKeys();

    @Test
    void aKeyFindsItsDatabaseOnlyWithItsSecretAndOnlyWhileTheSessionLives() throws Exception {
        AutoCloseable session = keys.register(new CancelRequest(7, new byte[] {1, 2, 3, 4}), "orders-db");
        assertEquals(Optional.of("orders-db"), keys.find(new CancelRequest(7, new byte[] {1, 2, 3, 4})));
        assertEquals(Optional.empty(), keys.find(new CancelRequest(7, new byte[] {1, 2, 3, 5})));
        assertEquals(Optional.empty(), keys.find(new CancelRequest(8, new byte[] {1, 2, 3, 4})));
        assertEquals(Optional.empty(), keys.find(new CancelRequest(7, new byte[] {1, 2, 3, 4, 0})));
        session.close();
        assertEquals(Optional.empty(), keys.find(new CancelRequest(7, new byte[] {1, 2, 3, 4})));
        assertEquals(0, keys.size());
    }

    @Test
    void anOldSessionsEndDoesNotRemoveANewerSessionWithTheSameProcessId() throws Exception {
        AutoCloseable old = keys.register(new CancelRequest(7, new byte[] {1, 1, 1, 1}), "a");
        keys.register(new CancelRequest(7, new byte[] {2, 2, 2, 2}), "b");
        old.close();
        assertEquals(Optional.of("b"), keys.find(new CancelRequest(7, new byte[] {2, 2, 2, 2})));
    }
}
