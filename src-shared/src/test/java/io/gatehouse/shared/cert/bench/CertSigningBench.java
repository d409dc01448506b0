package io.gatehouse.shared.cert.bench;

import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark (not a test): SSH + X.509 certificate pairs signed per second in-process, on one
 * thread and on every core, beside the JDK's raw ECDSA P-256 signatures per second measured in the
 * same run (a pair is two signatures plus encoding, so ~0.5 of raw is the ceiling).
 */
public final class CertSigningBench {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        KeyPair ca = Keys.generateEcdsaP256();
        X509Certificate caCert = X509CertificateSigner.selfSignedCa(ca, "bench", CaType.USER, Duration.ofDays(1));
        SshCertificateSigner ssh = new SshCertificateSigner(ca);
        X509CertificateSigner x509 = new X509CertificateSigner(ca, caCert);
        PublicKey[] subjects = new PublicKey[64];
        for (int i = 0; i < subjects.length; i++) {
            subjects[i] = Keys.generateEcdsaP256().getPublic();
        }
        Runnable pair = () -> {
            int i = (int) (Thread.currentThread().threadId() + System.nanoTime()) & 63;
            Instant now = Instant.now();
            UserIdentity id = new UserIdentity("user" + i, List.of("access"), Map.of("logins", List.of("u" + i)),
                    List.of("u" + i), now, now.plusSeconds(3600), Map.of(), true, true, Optional.empty());
            ssh.signUser(subjects[i], id, i + 1);
            x509.issueUser(subjects[i], id, i + 1);
        };
        Runnable raw = () -> {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(ca.getPrivate());
                s.update(new byte[256]);
                s.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        measure(pair, 1, 2);
        measure(raw, 1, 2);
        double rawRate = measure(raw, 1, seconds);
        double one = measure(pair, 1, seconds);
        int cores = Runtime.getRuntime().availableProcessors();
        double all = measure(pair, cores, seconds);
        System.out.printf("in-process signing: pairs/s 1 thread: %.0f | %d threads: %.0f | raw ECDSA sign/s (baseline,"
                + " 1 thread): %.0f | ratio pairs/raw: %.2f | target >= 5000 pairs/s: %s%n", one, cores, all, rawRate,
                one / rawRate, all >= 5000 ? "met" : "NOT met");
    }

    static double measure(Runnable work, int threads, double seconds) throws InterruptedException {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] ts = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            ts[t] = Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    work.run();
                    done.increment();
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private CertSigningBench() {
    }
}
