package io.gatehouse.shared.api.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A search of auth's audit log: a time window (ISO-8601), event type, user, page size and token,
 * order ("asc" oldest first, the default, or "desc"). Null fields are not sent.
 */
public record AuditQuery(String from, String to, String type, String user, Integer limit, String pageToken,
        String order) {
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null);
    }

    public AuditQuery limit(int n) {
        return new AuditQuery(from, to, type, user, n, pageToken, order);
    }

    /** "?limit=..&from=.." (or "" when nothing is set), every value encoded. */
    String queryString() {
        StringBuilder q = new StringBuilder();
        add(q, "limit", limit == null ? null : limit.toString());
        add(q, "from", from);
        add(q, "to", to);
        add(q, "type", type);
        add(q, "user", user);
        add(q, "page_token", pageToken);
        add(q, "order", order);
        return q.toString();
    }

    private static void add(StringBuilder q, String name, String value) {
        if (value != null && !value.isBlank()) {
            q.append(q.isEmpty() ? '?' : '&').append(name).append('=').append(URLEncoder.encode(value,
                    StandardCharsets.UTF_8));
        }
    }
}
