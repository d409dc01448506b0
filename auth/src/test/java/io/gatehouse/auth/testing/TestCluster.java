package io.gatehouse.auth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.gatehouse.auth.credentials.Base32;
import io.gatehouse.auth.credentials.Totp;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.CompleteInviteRequest;
import io.gatehouse.shared.api.CreateUserRequest;
import io.gatehouse.shared.api.InviteInfo;
import io.gatehouse.shared.api.InviteResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** The running auth under test, seen through real mTLS clients: the admin, the local proxy, and new users. */
public final class TestCluster {
    public static final String PASSWORD = "correct horse battery staple";

    public record SignedUp(String name, byte[] totpSecret) {
        /** A code for a time step no login has used yet (each test login moves one step ahead). */
        public String code(long step) {
            return Totp.codeAt(totpSecret, step);
        }
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("gatehouse.auth.listen-port", Integer.class);
    }

    public static Path dataDir() {
        return Path.of(ConfigProvider.getConfig().getValue("gatehouse.data-dir", String.class));
    }

    public static AuthClient admin() throws Exception {
        return AuthClient.forIdentity(dataDir().resolve("admin.identity"), port());
    }

    /**
     * The local proxy, forwarding for a client at a fresh address each time (as many people would
     * reach a real proxy), so the suite's logins do not add up against one per-source rate limit.
     */
    public static AuthClient proxy() throws Exception {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return proxyFor("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
    }

    /** The local proxy forwarding for a client at {@code clientAddress}. */
    public static AuthClient proxyFor(String clientAddress) throws Exception {
        return AuthClient.forIdentity(dataDir().resolve("proxy.identity"), port())
                .withHeader(io.gatehouse.shared.api.ApiPaths.CLIENT_ADDRESS_HEADER, clientAddress);
    }

    /** Waits out the last 8 s of a TOTP step, so codes computed now stay valid for the next requests. */
    public static void awayFromStepEnd() throws InterruptedException {
        long into = java.time.Instant.now().getEpochSecond() % 30;
        if (into >= 22) {
            Thread.sleep((31 - into) * 1000);
        }
    }

    public static long currentStep() {
        return Instant.now().getEpochSecond() / Totp.STEP_SECONDS;
    }

    /** Adds a user as admin and completes the invite as the proxy would, with a real TOTP code. */
    public static SignedUp signUp(String name, List<String> roles, List<String> logins) throws Exception {
        AuthClient admin = admin();
        AuthClient proxy = proxy();
        var created = admin.postJson("/v1/users", new CreateUserRequest(name, roles, logins, Map.of()));
        assertEquals(201, created.status(), created.body().toString());
        InviteResponse invite = admin.read(created, InviteResponse.class);
        var opened = proxy.get("/v1/invites/" + invite.inviteToken());
        assertEquals(200, opened.status(), opened.body().toString());
        InviteInfo info = proxy.read(opened, InviteInfo.class);
        byte[] secret = Base32.decode(info.totpSecret());
        // Enrol with the previous step so the current one is still free for the first login; not in
        // a step's last seconds, where a slow request would see that step leave the accepted window.
        awayFromStepEnd();
        var done = proxy.postJson("/v1/invites/complete", new CompleteInviteRequest(invite.inviteToken(), PASSWORD,
                Totp.codeAt(secret, currentStep() - 1)));
        assertEquals(204, done.status(), done.body().toString());
        return new SignedUp(name, secret);
    }

    /** Logs in through the API and returns an mTLS client acting as that user. */
    public static AuthClient loginAs(SignedUp user) throws Exception {
        return loginAs(user, currentStep());
    }

    /** The same, with the code of a given step (a user's second login within one step takes the next). */
    public static AuthClient loginAs(SignedUp user, long step) throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        var reply = proxy().postJson("/v1/login", new LoginRequest(user.name(), PASSWORD, user.code(step),
                Keys.toOpenSshPublicKey(key.getPublic()), null));
        assertEquals(200, reply.status(), reply.body().toString());
        CertsResponse certs = proxy().read(reply, CertsResponse.class);
        IdentityFile identity = new IdentityFile(Keys.privateKeyToPem(key.getPrivate()), certs.sshCertificate(),
                certs.tlsCertificate(), certs.tlsCaCertificates(), certs.sshHostCaKeys());
        return new AuthClient(identity.sslContext("auth"), port());
    }

    /** A node joined with its own certificate: a client acting as it, and the host id auth chose. */
    public record JoinedNode(AuthClient client, String hostId) {
    }

    /** Joins a node with a fresh token the way an agent does; returns a client acting as that node. */
    public static AuthClient joinNode(String name) throws Exception {
        return joinNode(name, null).client();
    }

    /** As {@link #joinNode(String)}, with a token that pins the node's direct address to {@code addr} (or not: null). */
    public static JoinedNode joinNode(String name, String addr) throws Exception {
        return joinAgent(name, addr, List.of("node"));
    }

    /** Joins an agent with a token for {@code systemRoles} (e.g. node and db, as --type=node,db gives). */
    public static JoinedNode joinAgent(String name, String addr, List<String> systemRoles) throws Exception {
        var token = admin().postJson("/v1/tokens", new io.gatehouse.shared.api.CreateTokenRequest(systemRoles,
                "1h", 1, null, addr)).body().path("token").asText();
        KeyPair key = Keys.generateEcdsaP256();
        var reply = proxy().postJson("/v1/join", new io.gatehouse.shared.api.JoinRequest(token, name, null,
                systemRoles, List.of(), Keys.toOpenSshPublicKey(key.getPublic())));
        assertEquals(200, reply.status(), reply.body().toString());
        var certs = proxy().read(reply, io.gatehouse.shared.api.HostCertsResponse.class);
        return new JoinedNode(new AuthClient(new IdentityFile(Keys.privateKeyToPem(key.getPrivate()),
                certs.sshCertificate(), certs.tlsCertificate(), certs.tlsCaCertificates(), List.of())
                .sslContext("auth"), port()), certs.hostId());
    }

    private TestCluster() {
    }
}
