package io.gatehouse.proxy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.gatehouse.proxy.testing.MovableClock;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AppJwtKeysTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));

    static String caPem(KeyPair key) {
        return Keys.certificateToPem(X509CertificateSigner.selfSignedCa(key, "c", CaType.JWT, Duration.ofDays(1)));
    }

    @Test
    void everyKeyTheCaListsIsPublishedInOrder() throws Exception {
        KeyPair current = Keys.generateEcdsaP256();
        KeyPair previous = Keys.generateEcdsaP256();
        JWKSet set = JWKSet.parse(new AppJwtKeys(() -> List.of(caPem(current), caPem(previous)), clock).keySet());
        assertEquals(2, set.getKeys().size());
        ECKey first = set.getKeys().get(0).toECKey();
        assertEquals(((ECPublicKey) current.getPublic()).getW(), first.toECPublicKey().getW());
        assertEquals(((ECPublicKey) previous.getPublic()).getW(), set.getKeys().get(1).toECKey().toECPublicKey()
                .getW());
        assertEquals(first.computeThumbprint().toString(), first.getKeyID());
        assertTrue(set.getKeys().stream().noneMatch(k -> k.isPrivate()), "public halves only");
    }

    @Test
    void authIsAskedAtMostOnceAMinute() {
        AtomicInteger asked = new AtomicInteger();
        String pem = caPem(Keys.generateEcdsaP256());
        AppJwtKeys keys = new AppJwtKeys(() -> {
            asked.incrementAndGet();
            return List.of(pem);
        }, clock);
        for (int i = 0; i < 50; i++) {
            keys.keySet();
        }
        assertEquals(1, asked.get());
        clock.advance(AppJwtKeys.FRESH);
        keys.keySet();
        assertEquals(2, asked.get());
    }

    @Test
    void aRotationIsPublishedWithinAMinuteAndARemovedKeyDisappears() throws Exception {
        KeyPair old = Keys.generateEcdsaP256();
        KeyPair next = Keys.generateEcdsaP256();
        AtomicReference<List<String>> listed = new AtomicReference<>(List.of(caPem(old)));
        AppJwtKeys keys = new AppJwtKeys(listed::get, clock);
        assertEquals(1, JWKSet.parse(keys.keySet()).getKeys().size());
        listed.set(List.of(caPem(next), caPem(old)));
        clock.advance(AppJwtKeys.FRESH);
        assertEquals(2, JWKSet.parse(keys.keySet()).getKeys().size());
        listed.set(List.of(caPem(next)));
        clock.advance(AppJwtKeys.FRESH);
        List<String> kids = new ArrayList<>();
        JWKSet.parse(keys.keySet()).getKeys().forEach(k -> kids.add(k.getKeyID()));
        assertEquals(1, kids.size());
    }

    @Test
    void whileAuthIsAwayTheLastSetServesForATokensLifetimeAndNoLonger() {
        String pem = caPem(Keys.generateEcdsaP256());
        AtomicReference<Boolean> up = new AtomicReference<>(true);
        AppJwtKeys keys = new AppJwtKeys(() -> {
            if (!up.get()) {
                throw new AuthCallException(0, "unavailable", "auth is away");
            }
            return List.of(pem);
        }, clock);
        String set = keys.keySet();
        up.set(false);
        clock.advance(AppJwtKeys.STALE_AT_MOST.minusSeconds(1));
        assertEquals(set, keys.keySet());
        clock.advance(Duration.ofSeconds(1));
        assertThrows(AuthCallException.class, keys::keySet);
    }
}
