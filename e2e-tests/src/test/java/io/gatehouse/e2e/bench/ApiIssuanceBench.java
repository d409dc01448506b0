package io.gatehouse.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark (not a test): certificate pairs per second end to end — POST /v1/certs/user over
 * mutual TLS, RBAC, signing and the audit event committed to PostgreSQL — with C concurrent
 * keep-alive clients, and GET /v1/status (mTLS + RBAC-free round trip) as the baseline in the
 * same run. Args: PORT IDENTITY USER SECONDS CONCURRENCY.
 */
public final class ApiIssuanceBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        IdentityFile identity = IdentityFile.read(Path.of(args[1]));
        String user = args[2];
        double seconds = Double.parseDouble(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        ObjectMapper json = ApiJson.newMapper();
        String[] bodies = new String[32];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = json.writeValueAsString(new SignUserRequest(user, Keys.toOpenSshPublicKey(
                    Keys.generateEcdsaP256().getPublic()), "1h"));
        }
        HttpClient http = HttpClient.newBuilder().sslContext(identity.sslContext("auth"))
                .version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        URI sign = URI.create("https://localhost:" + port + "/v1/certs/user");
        URI status = URI.create("https://localhost:" + port + "/v1/status");
        RequestFactory signing = i -> HttpRequest.newBuilder(sign).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(bodies[i & 31])).build();
        RequestFactory statusCalls = i -> HttpRequest.newBuilder(status).GET().build();
        run(http, signing, concurrency, 2);
        double baseline = run(http, statusCalls, concurrency, seconds);
        double pairs = run(http, signing, concurrency, seconds);
        System.out.printf("end-to-end via mTLS API (%d clients): certificate pairs/s incl. audit: %.0f | baseline "
                + "GET /v1/status/s: %.0f | ratio: %.2f | target >= 300 pairs/s: %s%n", concurrency, pairs, baseline,
                pairs / baseline, pairs >= 300 ? "met" : "NOT met");
    }

    interface RequestFactory {
        HttpRequest make(int i);
    }

    static double run(HttpClient http, RequestFactory requests, int concurrency, double seconds) throws Exception {
        LongAdder ok = new LongAdder();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                int lane = c;
                pool.submit(() -> {
                    int i = lane;
                    while (System.nanoTime() < end) {
                        try {
                            HttpResponse<String> r = http.send(requests.make(i++), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.increment();
                            } else if (failures.incrementAndGet() == 1) {
                                System.err.println("HTTP " + r.statusCode() + ": " + r.body());
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        if (failures.get() > 0) {
            System.err.println(failures.get() + " requests failed");
        }
        return ok.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private ApiIssuanceBench() {
    }
}
