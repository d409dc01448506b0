package io.gatehouse.agent.db.postgres;

import io.gatehouse.agent.db.DbEngine;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.db.postgres.BackendMessage;
import io.gatehouse.shared.db.postgres.MalformedPgMessage;
import io.gatehouse.shared.db.postgres.PgAuthMessages;
import io.gatehouse.shared.db.postgres.PgMessage;
import io.gatehouse.shared.db.postgres.PgMessageReader;
import io.gatehouse.shared.db.postgres.StartupPacket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * PostgreSQL: the agent dials the database, always with TLS (SSLRequest answered 'S', or the
 * session is refused), sends the client's startup parameters with the database user and name the
 * service allowed, and logs in with its client certificate or the configured password (cleartext,
 * MD5 or SCRAM-SHA-256). What the server says until its first ReadyForQuery is kept for the client.
 */
public final class PostgresEngine implements DbEngine {
    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int LOGIN_TIMEOUT_MS = 30_000;
    /** Server messages during login are small (ParameterStatus, notices); a bigger one is not PostgreSQL. */
    static final int MAX_LOGIN_MESSAGE = 64 * 1024;

    private final CancelKeys cancelKeys;
    /** SCRAM's keys from each database's password, derived once rather than at every login. */
    private final ScramClient.KeyCache scramKeys = new ScramClient.KeyCache();

    public PostgresEngine(CancelKeys cancelKeys) {
        this.cancelKeys = cancelKeys;
    }

    @Override
    public Connection connect(DbSession session) throws IOException {
        var db = session.database();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(db.host(), db.port()), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            plain.close();
            throw new IOException("cannot reach the database '" + db.name() + "' at " + db.uri() + ": "
                    + e.getMessage() + "; is it running?", e);
        }
        SSLSocket tls = null;
        try {
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            plain.setSoTimeout(LOGIN_TIMEOUT_MS);
            plain.getOutputStream().write(new StartupPacket.SslRequest().write());
            plain.getOutputStream().flush();
            int answer = plain.getInputStream().read();
            if (answer != 'S') {
                throw new IOException("the database '" + db.name() + "' does not accept TLS; Gatehouse requires it "
                        + "(set ssl = on and give it a certificate: gatectl auth sign --format=db)");
            }
            tls = session.login().startTls(plain);
            Login login = login(session, tls);
            tls.setSoTimeout(0);
            return new PostgresConnection(session, tls, login.greeting(), login.key(), login.status(), cancelKeys);
        } catch (IOException | RuntimeException e) {
            (tls != null ? tls : plain).close();
            throw e;
        }
    }

    /** What the server said after authentication: the messages for the client, its cancel key, its status. */
    record Login(List<PgMessage> greeting, StartupPacket.CancelRequest key, char status) {
    }

    private Login login(DbSession session, SSLSocket tls) throws IOException {
        var db = session.database();
        OutputStream out = tls.getOutputStream();
        out.write(startup(session).write());
        out.flush();
        PgMessageReader in = new PgMessageReader(new BufferedInputStream(tls.getInputStream()), MAX_LOGIN_MESSAGE);
        ScramClient scram = null;
        List<PgMessage> greeting = new ArrayList<>();
        StartupPacket.CancelRequest key = null;
        boolean authenticated = false;
        while (true) {
            PgMessage m;
            try {
                m = in.body(in.next());
            } catch (java.io.EOFException e) {
                throw new IOException("the database '" + db.name() + "' closed the connection during login", e);
            }
            switch (m.typeChar()) {
                case 'E' -> throw new IOException("the database '" + db.name() + "' refused database user '"
                        + session.dbUser() + "' on '" + session.dbName() + "': "
                        + BackendMessage.fields(m).message());
                case 'R' -> {
                    int code = BackendMessage.authenticationCode(m);
                    if (code == PgAuthMessages.OK) {
                        authenticated = true;
                    } else {
                        scram = answer(session, m, code, scram, out);
                    }
                }
                case 'K' -> key = BackendMessage.cancelKey(m);
                case 'Z' -> {
                    if (!authenticated) {
                        throw new IOException("the database '" + db.name() + "' was ready before it authenticated");
                    }
                    if (key == null) {
                        throw new IOException("the database '" + db.name() + "' sent no cancel key");
                    }
                    return new Login(greeting, key, BackendMessage.transactionStatus(m));
                }
                case 'S', 'N' -> greeting.add(m);
                default -> throw new MalformedPgMessage("the database '" + db.name() + "' sent message '"
                        + m.typeChar() + "' during login");
            }
        }
    }

    private static StartupPacket.StartupMessage startup(DbSession session) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", session.dbUser());
        params.put("database", session.dbName());
        session.params().forEach((k, v) -> {
            String name = k.startsWith("pg.") ? k.substring(3) : "";
            // user and database are the allowed ones; replication would bypass the statement audit.
            // _pq_.* are protocol extensions between the client and the proxy, not for this connection.
            if (!name.isEmpty() && !name.equals("user") && !name.equals("database") && !name.equals("replication")
                    && !name.startsWith("_pq_.") && !k.equals(CancelKeys.PARAM)) {
                params.put(name, v);
            }
        });
        return new StartupPacket.StartupMessage(StartupPacket.PROTOCOL_3_0, params);
    }

    /** Answers one authentication request with the configured password. */
    private ScramClient answer(DbSession session, PgMessage m, int code, ScramClient scram, OutputStream out)
            throws IOException {
        var db = session.database();
        if (code == PgAuthMessages.SASL_FINAL) {
            if (scram == null) {
                throw new IOException("the database '" + db.name() + "' ended a SCRAM exchange that did not start");
            }
            scram.verifyServerFinal(PgAuthMessages.data(m));
            return scram;
        }
        Optional<char[]> password = session.login().password();
        if (password.isEmpty()) {
            throw new IOException("the database '" + db.name() + "' asks for a password for '" + session.dbUser()
                    + "' but is configured for certificate auth: make it accept the agent's client certificate "
                    + "(pg_hba.conf: hostssl ... cert), or configure auth: {user, password_file}");
        }
        char[] pw = password.get();
        byte[] bytes = ScramClient.utf8(pw);
        try {
            switch (code) {
                case PgAuthMessages.CLEARTEXT -> out.write(PgAuthMessages.password(bytes));
                case PgAuthMessages.MD5 -> out.write(PgAuthMessages.password(md5(bytes, session.dbUser(),
                        PgAuthMessages.data(m))));
                case PgAuthMessages.SASL -> {
                    if (!PgAuthMessages.saslMechanisms(m).contains("SCRAM-SHA-256")) {
                        throw new IOException("the database '" + db.name() + "' offers no SASL mechanism the agent "
                                + "speaks (SCRAM-SHA-256)");
                    }
                    scram = new ScramClient(scramKeys.slot(db.name()));
                    out.write(PgAuthMessages.saslInitial("SCRAM-SHA-256", scram.clientFirst()));
                }
                case PgAuthMessages.SASL_CONTINUE -> {
                    if (scram == null) {
                        throw new IOException("the database '" + db.name() + "' continued a SCRAM exchange that did "
                                + "not start");
                    }
                    out.write(PgAuthMessages.saslResponse(scram.clientFinal(PgAuthMessages.data(m), pw)));
                }
                default -> throw new IOException("the database '" + db.name() + "' asks for authentication method "
                        + code + ", which the agent does not speak (it speaks certificates, password, md5 and "
                        + "scram-sha-256)");
            }
            out.flush();
            return scram;
        } finally {
            Arrays.fill(pw, '\0');
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** "md5" + md5hex(md5hex(password + user) + salt), as libpq computes it. */
    static byte[] md5(byte[] password, String user, byte[] salt) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(password);
            md.update(user.getBytes(StandardCharsets.UTF_8));
            byte[] inner = HexFormat.of().formatHex(md.digest()).getBytes(StandardCharsets.US_ASCII);
            md.update(inner);
            md.update(salt);
            return ("md5" + HexFormat.of().formatHex(md.digest())).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("MD5 is not available", e);
        }
    }
}
