package io.gatehouse.proxy.websession;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.api.client.AuthCallException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions as the proxy sees them: auth holds them (so every proxy sees the same ones and
 * a logout anywhere ends them everywhere); this proxy only remembers which of its open terminals
 * belong to which session, to close them the moment that session logs out here. Terminals on
 * other proxies notice at their next check (browser/SessionWatch).
 */
@Singleton
public class WebSessions {
    /** __Host-: the browser accepts it only Secure, from this host, with Path=/ (no subdomain can plant it). */
    public static final String COOKIE = "__Host-gatehouse_session";

    /** How long auth's "this session is live" is taken on trust for a WebSocket upgrade. */
    static final Duration LIVE_FOR = Duration.ofSeconds(10);
    /** More live sessions than this on one proxy: stop remembering new ones (look each up) rather than grow. */
    static final int MAX_REMEMBERED = 10_000;

    private final AuthConnection connection;
    private final Map<String, Set<Runnable>> terminals = new ConcurrentHashMap<>();
    /** Hash of a session id → until when it counts as live without asking auth again. */
    private final Map<String, Instant> live = new ConcurrentHashMap<>();

    public WebSessions(AuthConnection connection) {
        this.connection = connection;
    }

    /** Logs in for a browser at {@code clientAddress} (auth rate-limits per source). */
    public WebSessionDto.Created login(String username, String password, String totpCode, String clientAddress) {
        return connection.auth().call("POST", ApiPaths.WEB_SESSIONS, new LoginRequest(username, password, totpCode,
                null, null), WebSessionDto.Created.class, ApiPaths.CLIENT_ADDRESS_HEADER, clientAddress);
    }

    /** The live session, or an AuthCallException saying why not (401 ended, 403 wrong bearer). */
    public WebSessionDto.Session lookup(String sessionId, String bearer, boolean requireBearer, boolean includeKey,
            boolean includeBearer) {
        return connection.auth().post(ApiPaths.WEB_SESSIONS_LOOKUP, new WebSessionDto.Lookup(sessionId, bearer,
                requireBearer, includeKey, includeBearer), WebSessionDto.Session.class);
    }

    /**
     * Whether the cookie names a live session (no bearer needed: this only decides whether a browser
     * socket may open at all; the bearer is checked with a fresh look-up right after). Auth's yes is
     * remembered for {@link #LIVE_FOR}, never past the session's expiry, and forgotten at logout here;
     * an unknown cookie is asked about every time (a random one would miss any cache anyway).
     * Throws AuthCallException with status 0 when auth cannot be reached.
     */
    public boolean isLive(String sessionId) {
        String key = key(sessionId);
        Instant now = Instant.now();
        Instant until = live.get(key);
        if (until != null && until.isAfter(now)) {
            return true;
        }
        try {
            WebSessionDto.Session session = lookup(sessionId, null, false, false, false);
            remember(key, now.plus(LIVE_FOR).isBefore(session.expires()) ? now.plus(LIVE_FOR) : session.expires(), now);
            return true;
        } catch (AuthCallException e) {
            live.remove(key);
            if (e.status() == 0 || e.status() >= 500) {
                throw e;
            }
            return false;
        }
    }

    private void remember(String key, Instant until, Instant now) {
        if (live.size() >= MAX_REMEMBERED) {
            live.values().removeIf(t -> !t.isAfter(now));
        }
        if (live.size() < MAX_REMEMBERED) {
            live.put(key, until);
        }
    }

    /** The session takes an approved access request's roles, or (requestId null) returns to its own. */
    public WebSessionDto.Session assume(String sessionId, String bearer, String requestId) {
        return connection.auth().post(ApiPaths.WEB_SESSIONS_ASSUME, new WebSessionDto.Assume(sessionId, bearer,
                requestId), WebSessionDto.Session.class);
    }

    public void end(String sessionId) {
        live.remove(key(sessionId));
        connection.auth().post(ApiPaths.WEB_SESSIONS_END, new WebSessionDto.End(sessionId),
                com.fasterxml.jackson.databind.JsonNode.class);
        Set<Runnable> open = terminals.remove(key(sessionId));
        if (open != null) {
            open.forEach(Runnable::run);
        }
    }

    /** Registers a terminal to close when its session logs out; close the handle when the terminal ends. */
    public AutoCloseable onEnd(String sessionId, Runnable close) {
        String key = key(sessionId);
        terminals.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(close);
        return () -> terminals.computeIfPresent(key, (k, set) -> {
            set.remove(close);
            return set.isEmpty() ? null : set;
        });
    }

    /** Session ids are secrets: this map is keyed by their hash so a heap dump holds none. */
    private static String key(String sessionId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
