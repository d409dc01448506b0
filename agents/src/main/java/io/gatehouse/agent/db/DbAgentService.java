package io.gatehouse.agent.db;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.db.postgres.CancelKeys;
import io.gatehouse.agent.db.postgres.PostgresEngine;
import io.gatehouse.agent.service.AgentContext;
import io.gatehouse.agent.service.AgentService;
import io.gatehouse.agent.service.Announcement;
import io.gatehouse.agent.service.UserCas;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.IdentityCodec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Database Service: enabled by a non-empty {@code databases:} section (checked at start, a
 * mistake fails this service alone), heartbeats its databases as kind "db", and serves the
 * proxy's service channels for "db": it verifies the user's certificate and roles itself
 * ({@link DbAdmission}), logs in to the database ({@link DbEngine#connect}) and serves the session.
 */
public final class DbAgentService implements AgentService, ServiceChannels.Server {
    public static final String SERVICE = "db";
    private static final Logger LOG = LoggerFactory.getLogger(DbAgentService.class);

    private final AgentConfig.Section section;
    /** Engines besides PostgreSQL's, by protocol ("mysql"). */
    private final Map<String, DbEngine> otherEngines;
    private final CancelKeys cancelKeys = new CancelKeys();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile Running running;

    /** What a started service works with (all of it fixed at start). */
    public record Running(Map<String, DatabaseConfig> databases, Map<String, DbEngine> engines,
            DbAdmission admission, DbLogins logins, DbAuditTrail audit, Clock clock) {
    }

    public DbAgentService(AgentConfig.Section section, Map<String, DbEngine> otherEngines) {
        this.section = section;
        this.otherEngines = Map.copyOf(otherEngines);
    }

    @Override
    public String name() {
        return "db";
    }

    @Override
    public void start(AgentContext context) {
        List<DatabaseConfig> configs = DatabasesConfig.parse(section.file(), section.yaml());
        requireDbRole(configs, IdentityCodec.hostFromX509(context.identity().current().tlsCertificate()));
        UserCas userCas = UserCas.fromAuth(context);
        DbLogins logins = new DbLogins(r -> context.auth().agent().dbClientCert(r),
                () -> context.auth().api().ca("db").tlsCertificates(), context.clock());
        start(configs, new DbAdmission(userCas, context.roles()), logins, new DbAuditTrail(
                context.config().nodeName(), context.audit(), context.clock()), context.clock());
    }

    /**
     * Auth signs database client certificates only for agents whose certificate carries the db
     * system role: an agent that joined before it served databases lacks it, and would fail at every
     * connection. Said once, at start, with what to do.
     */
    static void requireDbRole(List<DatabaseConfig> configs, HostIdentity host) {
        List<String> byCertificate = configs.stream().filter(c -> c.password().isEmpty()).map(DatabaseConfig::name)
                .toList();
        if (!byCertificate.isEmpty() && !host.hasRole("db")) {
            throw new IllegalStateException("this agent's certificate does not carry the db system role (system "
                    + "roles: " + host.systemRoles() + "), which databases that log in by certificate need ("
                    + String.join(", ", byCertificate) + "): it joined with a token for " + String.join(",",
                    host.systemRoles()) + "; join again with a token from gatectl tokens add --type=node,db "
                    + "(delete node.identity in the data_dir first)");
        }
    }

    /** Starts with what {@link #start(AgentContext)} reads from auth (tests give their own). */
    public void start(List<DatabaseConfig> configs, DbAdmission admission, DbLogins logins, DbAuditTrail audit,
            Clock clock) {
        Map<String, DbEngine> engines = new LinkedHashMap<>(otherEngines);
        engines.put("postgres", new PostgresEngine(cancelKeys));
        Map<String, DatabaseConfig> byName = new LinkedHashMap<>();
        for (DatabaseConfig c : configs) {
            if (!engines.containsKey(c.protocol())) {
                throw new IllegalArgumentException(section.file() + ": database '" + c.name() + "' uses protocol "
                        + c.protocol() + ", which this agent does not serve");
            }
            byName.put(c.name(), c);
        }
        running = new Running(Map.copyOf(byName), Map.copyOf(engines), admission, logins, audit, clock);
    }

    @Override
    public List<Announcement> announcements() {
        return List.of(new Announcement("db", this::announced));
    }

    public List<InventoryHeartbeat.Entry> announced() {
        return running.databases().values().stream().map(d -> new InventoryHeartbeat.Entry(d.name(), d.labels(),
                d.password().isPresent() ? Map.<String, Object>of("protocol", d.protocol(), "uri", d.uri(),
                        "login_user", d.password().get().user())
                        : Map.<String, Object>of("protocol", d.protocol(), "uri", d.uri()))).toList();
    }

    @Override
    public int sessions() {
        return sessions.get();
    }

    @Override
    public ServiceChannels.Decision open(ServiceRequest request) throws IOException {
        Running r = running;
        if (r == null) {
            return new ServiceChannels.Refused("the database service of this agent is not running");
        }
        DatabaseConfig db = r.databases().get(request.resource());
        if (db == null) {
            return new ServiceChannels.Refused("this agent serves no database '" + request.resource() + "'");
        }
        if (!request.param(CancelKeys.PARAM).isEmpty()) {
            if (db.protocol().equals("postgres")) {
                cancelKeys.cancel(db.name(), request.param(CancelKeys.PARAM));
            }
            return new ServiceChannels.Serve((in, out) -> { });
        }
        String sessionId = UUID.randomUUID().toString();
        DbAdmission.Admitted admitted;
        try {
            admitted = r.admission().admit(request, db, r.clock().instant());
        } catch (DbAdmission.Refusal e) {
            r.audit().refused(new DbAuditTrail.Who(e.user(), db.name(), request.param("db_user"),
                    request.param("db_name"), request.clientAddr(), sessionId, db.protocol()), e.getMessage());
            return new ServiceChannels.Refused(e.getMessage());
        }
        DbAuditTrail.Who who = new DbAuditTrail.Who(admitted.user().username(), db.name(), admitted.dbUser(),
                admitted.dbName(), request.clientAddr(), sessionId, db.protocol());
        DbSession session = new DbSession(sessionId, db, admitted.user(), admitted.roles(), admitted.dbUser(),
                admitted.dbName(), request.params(), request.clientAddr(), r.logins().forSession(db,
                admitted.dbUser()), r.audit().session(who));
        DbEngine.Connection connection;
        try {
            connection = r.engines().get(db.protocol()).connect(session);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("database session for {} on '{}' refused: {}", who.user(), db.name(), reason);
            r.audit().refused(who, reason);
            return new ServiceChannels.Refused(reason);
        }
        return new ServiceChannels.Serve((in, out) -> serve(session, connection, in, out));
    }

    private void serve(DbSession session, DbEngine.Connection connection, java.io.InputStream in,
            java.io.OutputStream out) {
        sessions.incrementAndGet();
        session.audit().started();
        String error = "";
        try (connection) {
            connection.serve(in, out);
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            sessions.decrementAndGet();
            session.audit().ended(error);
        }
    }

    @Override
    public void stop() {
        running = null;
    }
}
