package io.gatehouse.agent.db.postgres;

import io.gatehouse.agent.db.BackendLogin;
import io.gatehouse.agent.db.DatabaseConfig;
import io.gatehouse.shared.db.postgres.StartupPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancel keys the agent hands its clients (its own random process id and secret, in the
 * BackendKeyData a client keeps for psql's Ctrl-C) and the database's real ones behind them, for
 * the sessions open now. A cancel request with a known process id and the right secret (compared
 * in constant time) is sent on to the database; anything else is dropped, as PostgreSQL does.
 */
public final class CancelKeys {
    /** The proxy's request parameter: "PROCESSID:SECRET" with the secret as hex digits. */
    public static final String PARAM = "pg.cancel";

    private record Entry(String db, byte[] secret, StartupPacket.CancelRequest real, DatabaseConfig config,
            BackendLogin login) {
    }

    private final Map<Integer, Entry> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A fresh key of the agent's for a session whose database key is {@code real}; remove it when it ends. */
    StartupPacket.CancelRequest register(DatabaseConfig config, BackendLogin login, StartupPacket.CancelRequest real) {
        byte[] secret = new byte[4];
        while (true) {
            int pid = random.nextInt(1, Integer.MAX_VALUE);
            random.nextBytes(secret);
            if (sessions.putIfAbsent(pid, new Entry(config.name(), secret.clone(), real, config, login)) == null) {
                return new StartupPacket.CancelRequest(pid, secret);
            }
        }
    }

    void remove(int processId) {
        sessions.remove(processId);
    }

    int size() {
        return sessions.size();
    }

    /**
     * Cancels what the session with the key in {@code param} runs on {@code db}, if the key is one
     * of this agent's; returns whether a cancel request went to the database.
     */
    public boolean cancel(String db, String param) throws IOException {
        int colon = param.indexOf(':');
        Entry e;
        byte[] secret;
        try {
            e = sessions.get(Integer.parseInt(param.substring(0, Math.max(colon, 0))));
            secret = HexFormat.of().parseHex(param.substring(colon + 1));
        } catch (IllegalArgumentException bad) {
            return false;
        }
        if (e == null || !e.db().equals(db) || !MessageDigest.isEqual(e.secret(), secret)) {
            return false;
        }
        DatabaseConfig c = e.config();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(c.host(), c.port()), 5_000);
            plain.setSoTimeout(5_000);
            plain.getOutputStream().write(new StartupPacket.SslRequest().write());
            plain.getOutputStream().flush();
            if (plain.getInputStream().read() != 'S') {
                throw new IOException("the database '" + c.name() + "' does not accept TLS");
            }
            try (Socket tls = e.login().startTls(plain)) {
                OutputStream out = tls.getOutputStream();
                out.write(e.real().write());
                out.flush();
                InputStream in = tls.getInputStream();
                try {
                    // The server closes the connection once it has read the request; nothing comes back.
                    while (in.read() >= 0) {
                        continue;
                    }
                } catch (IOException closed) {
                    // a TLS connection closed without close_notify: the request was read all the same
                }
            }
        }
        return true;
    }
}
