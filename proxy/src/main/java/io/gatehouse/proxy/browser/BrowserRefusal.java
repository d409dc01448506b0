package io.gatehouse.proxy.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.api.ApiJson;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one refusal format of every browser socket (docs/web-api.md, "Browser sockets"). Before the
 * upgrade: the API's error envelope {"error":{"code","message"}} with its HTTP status, like every
 * API refusal. After it: the text message {"type":"error","code","message"}, then the close —
 * whatever the feature, so the pages show it with one piece of code.
 */
final class BrowserRefusal {
    private static final ObjectMapper JSON = ApiJson.newMapper();
    /** The close status after a refusal by the gate: the page broke the socket's rules. */
    static final short POLICY = 1008;
    static final short NORMAL = 1000;

    private BrowserRefusal() {
    }

    static Map<String, Object> message(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", code);
        m.put("message", message);
        return m;
    }

    /** The last message on the socket, then the close (with the message's type as the close reason). */
    static void sendLast(ServerWebSocket ws, Map<String, Object> last, short status) {
        try {
            ws.writeTextMessage(JSON.writeValueAsString(last)).onComplete(x -> ws.close(status, String.valueOf(
                    last.get("type"))));
        } catch (JsonProcessingException | IllegalStateException e) {
            try {
                ws.close(status);
            } catch (IllegalStateException closed) {
                // the page closed it first
            }
        }
    }

    static void refuseOnSocket(ServerWebSocket ws, String code, String message) {
        sendLast(ws, message(code, message), POLICY);
    }

    /** A refusal before the upgrade: no socket, the API's envelope. */
    static void refuseUpgrade(RoutingContext rc, int status, String code, String message) {
        try {
            rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(new ApiError.Envelope(ApiError.of(code, message))));
        } catch (JsonProcessingException e) {
            rc.response().setStatusCode(status).end();
        }
    }
}
