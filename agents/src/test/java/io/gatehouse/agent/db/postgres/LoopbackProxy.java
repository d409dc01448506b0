package io.gatehouse.agent.db.postgres;

import io.gatehouse.shared.db.postgres.BackendMessage;
import io.gatehouse.shared.db.postgres.StartupPacket;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.time.Duration;
import org.apache.sshd.common.session.Session;

/**
 * Plays the proxy's part for a plaintext client (psql with sslmode=disable, the JDBC driver): reads
 * its startup, answers SSLRequest 'N', turns the StartupMessage into a service request carrying the
 * test user's certificate (or a CancelRequest into a pg.cancel request), and pipes the agent's
 * answer back, as the proxy does after its own checks.
 */
final class LoopbackProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final ServiceChannels.Server agent;
    private final String db;
    private final Supplier<String> userCertificate;
    /** When set, requests go over this SSH session's service channels (the proxy's end of a tunnel). */
    private final Session tunnel;

    LoopbackProxy(ServiceChannels.Server agent, String db, Supplier<String> userCertificate) throws IOException {
        this(agent, null, db, userCertificate);
    }

    LoopbackProxy(Session tunnel, String db, Supplier<String> userCertificate) throws IOException {
        this(null, tunnel, db, userCertificate);
    }

    private LoopbackProxy(ServiceChannels.Server agent, Session tunnel, String db, Supplier<String> userCertificate)
            throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.agent = agent;
        this.tunnel = tunnel;
        this.db = db;
        this.userCertificate = userCertificate;
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            StartupPacket p = StartupPacket.read(in);
            while (p instanceof StartupPacket.SslRequest || p instanceof StartupPacket.GssEncRequest) {
                out.write('N');
                out.flush();
                p = StartupPacket.read(in);
            }
            Map<String, String> params = new LinkedHashMap<>();
            String cert = "";
            if (p instanceof StartupPacket.CancelRequest c) {
                params.put("pg.cancel", c.processId() + ":" + HexFormat.of().formatHex(c.secretKey()));
            } else {
                StartupPacket.StartupMessage m = (StartupPacket.StartupMessage) p;
                params.put("db_user", m.user().orElse(""));
                params.put("db_name", m.database().orElse(""));
                m.parameters().forEach((k, v) -> {
                    if (!k.equals("user") && !k.equals("database")) {
                        params.put("pg." + k, v);
                    }
                });
                cert = userCertificate.get();
            }
            ServiceRequest request = new ServiceRequest("db", db, cert, s.getRemoteSocketAddress().toString(), params);
            if (tunnel != null) {
                overTunnel(request, in, out);
                return;
            }
            ServiceChannels.Decision d = agent.open(request);
            if (d instanceof ServiceChannels.Refused r) {
                BackendMessage.fatal(BackendMessage.INVALID_AUTHORIZATION, r.reason(), null).write(out);
                out.flush();
                return;
            }
            ((ServiceChannels.Serve) d).session().run(in, out);
        } catch (Exception e) {
            // the client or the agent ended
        }
    }

    private void overTunnel(ServiceRequest request, InputStream in, OutputStream out) throws IOException {
        ServiceChannels.Opened ch;
        try {
            ch = ServiceChannels.open(tunnel, request, Duration.ofSeconds(10));
        } catch (ServiceChannels.RefusedException e) {
            BackendMessage.fatal(BackendMessage.INVALID_AUTHORIZATION, e.getMessage(), null).write(out);
            out.flush();
            return;
        }
        try (ch) {
            Thread.ofVirtual().start(() -> {
                try (OutputStream toAgent = ch.out()) {
                    byte[] buf = new byte[32 * 1024];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        toAgent.write(buf, 0, n);
                        toAgent.flush(); // a channel's stream sends what it has only when flushed
                    }
                } catch (IOException e) {
                    // either side ended
                }
            });
            byte[] buf = new byte[32 * 1024];
            InputStream fromAgent = ch.in();
            for (int n; (n = fromAgent.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                if (fromAgent.available() == 0) {
                    out.flush();
                }
            }
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
