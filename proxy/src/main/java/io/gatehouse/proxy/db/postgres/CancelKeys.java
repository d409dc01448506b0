package io.gatehouse.proxy.db.postgres;

import io.gatehouse.shared.db.postgres.StartupPacket.CancelRequest;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancel keys of the PostgreSQL sessions through this proxy (contract step 5): the agent's
 * BackendKeyData (its own random process id and secret) → the database it serves, while the
 * session lives, so a CancelRequest (which carries no certificate, only the key) reaches the right
 * agent. The secret is compared in constant time; an unknown key finds nothing.
 */
public final class CancelKeys {
    private record Entry(byte[] secret, String db) {
    }

    private final ConcurrentHashMap<Integer, Entry> byProcessId = new ConcurrentHashMap<>();

    /** Keeps {@code key} for {@code db}; close the returned handle when the session ends. */
    public AutoCloseable register(CancelRequest key, String db) {
        Entry e = new Entry(key.secretKey(), db);
        byProcessId.put(key.processId(), e);
        return () -> byProcessId.remove(key.processId(), e);
    }

    /** The database whose session holds this key. */
    public Optional<String> find(CancelRequest request) {
        Entry e = byProcessId.get(request.processId());
        if (e == null || !MessageDigest.isEqual(e.secret(), request.secretKey())) {
            return Optional.empty();
        }
        return Optional.of(e.db());
    }

    int size() {
        return byProcessId.size();
    }
}
