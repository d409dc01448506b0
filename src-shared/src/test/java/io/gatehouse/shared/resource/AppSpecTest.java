package io.gatehouse.shared.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.app.AppRoute;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The app kind's spec: what a uri may be, its round trip, and the route an app certificate carries. */
class AppSpecTest {
    private static String app(String spec) {
        return "kind: app\nversion: v1\nmetadata: {name: grafana, labels: {env: dev}}\nspec: " + spec + "\n";
    }

    private static Problem onlyProblem(String yaml) {
        ResourceException e = assertThrows(ResourceException.class, () -> Resources.parseYaml(yaml, "app.yaml"));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void tcpAndHttpAppsParseAndSurviveARoundTrip() {
        for (String uri : new String[] {"tcp://127.0.0.1:5432", "http://127.0.0.1:3000", "https://grafana.internal",
            "https://[::1]:8443/base/"}) {
            Resource<AppSpec> r = Resources.parseYaml(app("{uri: \"" + uri + "\", public_addr: grafana.example.com}"),
                    "a").get(0).as(AppSpec.class);
            assertEquals(uri, r.spec().uri());
            assertEquals("grafana.example.com", r.spec().publicAddr());
            assertEquals(r, Resources.parseYaml(Resources.toYaml(r), "y").get(0));
            assertEquals(r, Resources.parseJson(Resources.toJson(r), "j"));
        }
        assertTrue(new AppSpec("tcp://db:5432", "", "").tcp());
        assertEquals("tcp", new AppSpec("TCP://db:5432", "", "").uriKind());
        assertEquals("http", new AppSpec("https://x", "", "").uriKind());
    }

    @Test
    void aUriWithAnotherSchemeIsRefusedWithExamples() {
        Problem p = onlyProblem(app("{uri: \"ftp://files:21\"}"));
        assertEquals("spec.uri", p.field());
        assertTrue(p.message().contains("tcp://, http:// or https://"), p.message());
    }

    @Test
    void aTcpUriNeedsAPortAndNothingElse() {
        assertTrue(onlyProblem(app("{uri: \"tcp://db.internal\"}")).message().contains("needs a port"));
        assertTrue(onlyProblem(app("{uri: \"tcp://db:5432/x\"}")).message().contains("no path"));
        assertTrue(onlyProblem(app("{uri: \"tcp://db:0\"}")).message().contains("not 1-65535"));
        assertTrue(onlyProblem(app("{uri: \"tcp://:5432\"}")).message().contains("names no host"));
    }

    @Test
    void credentialsInTheUriAreRefusedWithoutBeingRepeated() {
        Problem p = onlyProblem(app("{uri: \"http://admin:s3cret@grafana:3000\"}"));
        assertTrue(p.message().contains("credentials"), p.message());
        assertFalse(p.message().contains("s3cret"), p.message());
    }

    @Test
    void aMissingUriAndABadPublicAddressAreNamed() {
        assertTrue(onlyProblem(app("{}")).message().contains("needs a uri"));
        Problem p = onlyProblem(app("{uri: \"http://g:3000\", public_addr: \"https://g.example.com\"}"));
        assertEquals("spec.public_addr", p.field());
    }

    @Test
    void theRouteReadsBackFromACertificatesRoutingOnlyWhenItNamesAnApp() {
        assertEquals(Optional.of(new AppRoute("grafana")), AppRoute.of(new AppRoute("grafana").toRouting()));
        assertEquals(Optional.empty(), AppRoute.of(Map.of("db_service", "orders")));
        assertEquals(Optional.empty(), AppRoute.of(Map.of()));
    }
}
