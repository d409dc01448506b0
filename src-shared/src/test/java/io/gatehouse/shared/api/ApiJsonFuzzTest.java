package io.gatehouse.shared.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Join, login, SSO and recording-upload bodies come from whoever reaches the proxy's web port;
 * with the mapper settings both ends agree on (ApiJson) they end in the DTO or a
 * JsonProcessingException (a 400), never anything else.
 */
class ApiJsonFuzzTest {
    private static final ObjectMapper JSON = ApiJson.newMapper();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static void fuzz(String name, Class<?> type, long seed, String... seeds) {
        Fuzz.run(Target.text(name, text -> JSON.readValue(text, type), List.of(seeds), JsonProcessingException.class),
                seed, 300, 1200, LIMIT);
    }

    @Test
    void joinRequestsEndInTheRequestOrAJsonError() {
        fuzz("join request", JoinRequest.class, 1, """
                {"token":"abc","host_name":"web-1","host_id":"u-1","system_roles":["node","desktop"],
                 "principals":["web.example"],"public_key":"ecdsa-sha2-nistp256 AAAAE2VjZHNh x"}""");
    }

    @Test
    void loginRequestsEndInTheRequestOrAJsonError() {
        fuzz("login request", LoginRequest.class, 2, """
                {"username":"alice","password":"p","totp_code":"123456","public_key":"ssh-ed25519 AAAA","ttl":"8h"}""");
        fuzz("invite completion", CompleteInviteRequest.class, 3, """
                {"token":"t","password":"correct horse","totp_code":"123456"}""");
    }

    @Test
    void ssoBodiesEndInTheDtoOrAJsonError() {
        fuzz("SSO login", SsoDto.Login.class, 4, """
                {"connector":"keycloak","id_token":"a.b.c","public_key":"k","remote_addr":"127.0.0.1"}""");
        fuzz("SSO connectors", SsoDto.Connectors.class, 5, """
                {"connectors":[{"name":"k","display":"K","issuer_url":"http://127.0.0.1:1/realms/r","client_id":"c",
                "client_secret":"s","redirect_url":"https://p/cb","scopes":["openid"]}]}""");
    }

    @Test
    void recordingUploadsEndInTheDtoOrAJsonError() {
        fuzz("recording chunk", RecordingDto.Chunk.class, 6, """
                {"offset":0,"data":"eyJ2ZXJzaW9uIjogMn0K","user":"alice","login":"ubuntu",
                 "started":"2026-12-06T00:00:00Z"}""");
        fuzz("recording completion", RecordingDto.Complete.class, 7, """
                {"size":17,"sha256":"00ff"}""");
    }

    @Test
    void deeplyNestedJsonIsRefusedNotAStackOverflow() {
        String deep = "{\"token\":" + "[".repeat(100_000);
        Fuzz.check(Target.text("nested join request", text -> JSON.readValue(text, JoinRequest.class), List.of(),
                JsonProcessingException.class), 0, 0, deep.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
