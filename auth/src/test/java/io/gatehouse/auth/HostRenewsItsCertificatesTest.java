package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.RenewHostRequest;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class HostRenewsItsCertificatesTest {

    @Test
    void aHostGetsTheSameIdentityForANewKeyAndTheRenewalIsAudited() throws Exception {
        AuthClient proxy = TestCluster.proxy();
        var before = IdentityCodec.hostFromX509(Keys.parseCertificatePem(proxyCertificate()));
        KeyPair fresh = Keys.generateEcdsaP256();
        var r = proxy.postJson(ApiPaths.CERTS_HOST_RENEW, new RenewHostRequest(Keys.toOpenSshPublicKey(
                fresh.getPublic())));
        assertEquals(200, r.status(), r.body().toString());
        HostCertsResponse certs = proxy.read(r, HostCertsResponse.class);
        var after = IdentityCodec.hostFromX509(Keys.parseCertificatePem(certs.tlsCertificate()));
        assertEquals(before.hostId(), after.hostId());
        assertEquals(before.nodeName(), after.nodeName());
        assertEquals(before.systemRoles(), after.systemRoles());
        assertEquals(fresh.getPublic(), Keys.parseCertificatePem(certs.tlsCertificate()).getPublicKey(),
                "issued for the new key");

        // The new identity works on its own.
        IdentityFile renewed = new IdentityFile(Keys.privateKeyToPem(fresh.getPrivate()), certs.sshCertificate(),
                certs.tlsCertificate(), certs.tlsCaCertificates(), certs.sshUserCaKeys());
        assertEquals(200, new AuthClient(renewed.sslContext("auth"), TestCluster.port()).get(ApiPaths.STATUS).status());

        var events = TestCluster.admin().get(ApiPaths.AUDIT_EVENTS + "?type=cert.create&limit=1000");
        assertTrue(events.body().toString().contains("\"reason\":\"renew\""), events.body().toString());
    }

    @Test
    void aUserCannotUseTheHostRenewal() throws Exception {
        var user = TestCluster.signUp("renewer", List.of("access"), List.of("root"));
        var r = TestCluster.loginAs(user).postJson(ApiPaths.CERTS_HOST_RENEW, new RenewHostRequest(
                Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic())));
        assertEquals(403, r.status(), r.body().toString());
        assertTrue(r.errorMessage().contains("users log in again"), r.errorMessage());
        assertNotEquals("", r.errorCode());
    }

    private static String proxyCertificate() throws Exception {
        return IdentityFile.read(TestCluster.dataDir().resolve("proxy.identity")).tlsCertificatePem();
    }
}
