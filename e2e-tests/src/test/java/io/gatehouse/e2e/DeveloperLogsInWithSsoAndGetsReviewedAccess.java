package io.gatehouse.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.JitRoles;
import io.gatehouse.e2e.support.Keycloak;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSO story in Chromium against a real Keycloak: dev logs in through Keycloak, cannot
 * reach the prod node, asks for prod-access; lead (another browser) logs in through Keycloak and
 * approves it; dev assumes it and works in a terminal on prod. A tampered callback and a
 * provider that is down each end on the login page with a message, audited.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeveloperLogsInWithSsoAndGetsReviewedAccess {
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
    private static final String HOSTILE = "<img src=x onerror=alert(1)> hotfix \u001b[31mINC-9";
    private static Cluster cluster;
    private static Agent prod;
    private static Chromium chromium;
    private static String base;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Keycloak.start();
        cluster = new Cluster();
        cluster.start();
        base = "https://127.0.0.1:" + cluster.webPort();
        prod = new Agent(cluster, "prod-api", "tunnel", Map.of("env", "prod"), null).start();
        Path setup = dir.resolve("sso.yaml");
        Files.writeString(setup, JitRoles.yaml(Cluster.LOGIN) + "---\n"
                + Keycloak.connectorYaml("keycloak", "gatehouse", cluster.webPort()));
        ok(cluster.gatectl("create", "-f", setup.toString()));
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (prod != null) { // a start that failed early (Keycloak) says why, not a NullPointerException
            prod.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Page ssoLogin(String user, String password) {
        BrowserContext context = chromium.newContext();
        Page page = context.newPage();
        page.navigate(base + "/web/login");
        Locator button = page.locator("[data-testid=sso-button][data-connector=keycloak]");
        assertThat(button).isVisible();
        if (user.equals("dev")) {
            Chromium.screenshot(page, "sso-login-page");
        }
        button.click();
        page.waitForURL(Keycloak.URL + "/**");
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
        page.waitForURL("**/web/resources");
        return page;
    }

    @Test
    @Order(1)
    void devAsksForProdAccessLeadApprovesAndDevWorksOnProd() throws Exception {
        Page dev = ssoLogin("dev", "dev-password");
        assertThat(dev.getByTestId("current-user")).containsText("dev");
        Locator prodRow = dev.locator("[data-testid=resource-row][data-kind=node][data-name=prod-api]");
        assertEquals(0, prodRow.getByTestId("connect").count(), "dev has no login on the prod node yet");

        dev.navigate(base + "/web/requests");
        dev.getByTestId("request-roles").fill("prod-access");
        dev.getByTestId("request-reason").fill(HOSTILE);
        dev.getByTestId("request-submit").click();
        Locator created = dev.getByTestId("request-created");
        assertThat(created).isVisible();
        String id = created.getAttribute("data-request-id");

        Page lead = ssoLogin("lead", "lead-password");
        lead.navigate(base + "/web/requests");
        Locator row = lead.locator("[data-testid=request-row][data-request-id='" + id + "']");
        assertThat(row).containsText("<img src=x onerror=alert(1)>", SLOW);
        assertEquals(0, row.locator("img").count(), "the reason's markup is text, not an element");
        assertTrue(!row.innerText().contains("\u001b"), "control characters are shown, not passed through");
        Chromium.screenshot(lead, "sso-lead-reviews-request");
        row.getByTestId("request-approve").click();
        lead.getByTestId("review-reason").fill("approved for INC-9");
        lead.getByTestId("review-submit").click();
        assertThat(lead.locator("[data-testid=request-row][data-request-id='" + id + "']"))
                .hasAttribute("data-state", "approved", new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));

        dev.navigate(base + "/web/requests");
        Locator mine = dev.locator("[data-testid=request-row][data-request-id='" + id + "']");
        assertThat(mine).hasAttribute("data-state", "approved");
        mine.getByTestId("request-assume").click();
        dev.waitForURL("**/web/resources");
        assertThat(dev.getByTestId("assumed-banner")).containsText(id);
        Locator prodNow = dev.locator("[data-testid=resource-row][data-kind=node][data-name=prod-api]");
        assertThat(prodNow.getByTestId("resource-status")).containsText("online", SLOW);
        prodNow.getByTestId("connect").click();
        dev.waitForURL("**/web/terminal/**");
        assertThat(dev.getByTestId("terminal-status")).containsText("Connected", SLOW);
        dev.getByTestId("terminal").click();
        dev.keyboard().type("echo prod-$((6*7))\n");
        assertThat(dev.locator("[data-testid=terminal] .xterm-rows")).containsText("prod-42", SLOW);
        Chromium.screenshot(dev, "sso-dev-terminal-on-prod");

        List<String> story = story(id);
        assertEquals(List.of("access_request.create", "access_request.review", "access_request.assume"), story);
        String logins = admin().get("/v1/audit/events?type=user.login&limit=500").body().toString();
        assertTrue(logins.contains("\"connector\":\"keycloak\"") && logins.contains("\"user\":\"dev\"")
                && logins.contains("\"user\":\"lead\""), logins);
    }

    /** The form offers 30 minutes and more; a short request is made through the same API the page uses. */
    @Test
    @Order(2)
    void afterTheRequestsDurationDevCannotReachProdAnyMore() throws Exception {
        Page dev = ssoLogin("dev", "dev-password");
        Object id = dev.evaluate("""
                async () => {
                  const who = await (await fetch('/v1/webapi/sessions/current')).json();
                  const r = await fetch('/v1/webapi/access-requests', {method: 'POST',
                      headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + who.token},
                      body: JSON.stringify({roles: ['prod-access'], reason: 'short fix', duration: '40s'})});
                  return (await r.json()).id;
                }""");
        long expires = System.currentTimeMillis() + 40_000;
        Page lead = ssoLogin("lead", "lead-password");
        lead.navigate(base + "/web/requests");
        Locator row = lead.locator("[data-testid=request-row][data-request-id='" + id + "']");
        row.getByTestId("request-approve").click();
        lead.getByTestId("review-reason").fill("short one");
        lead.getByTestId("review-submit").click();
        assertThat(lead.locator("[data-testid=request-row][data-request-id='" + id + "']"))
                .hasAttribute("data-state", "approved", new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));

        dev.navigate(base + "/web/requests");
        dev.locator("[data-testid=request-row][data-request-id='" + id + "']").getByTestId("request-assume").click();
        dev.waitForURL("**/web/resources");
        assertThat(dev.locator("[data-testid=resource-row][data-kind=node][data-name=prod-api]").getByTestId("connect")).isVisible();

        Thread.sleep(Math.max(0, expires - System.currentTimeMillis()) + 3_000);
        dev.navigate(base + "/web/resources");
        assertEquals(0, dev.getByTestId("assumed-banner").count(), "the session is back on dev's own roles");
        assertEquals(0, dev.locator("[data-testid=resource-row][data-kind=node][data-name=prod-api]").getByTestId("connect").count());
        dev.navigate(base + "/web/terminal/prod-api/" + Cluster.LOGIN);
        assertThat(dev.getByTestId("terminal-status")).containsText("no role", SLOW);
        Chromium.screenshot(dev, "sso-dev-after-expiry");
    }

    @Test
    @Order(3)
    void aTamperedCallbackEndsOnTheLoginPageAndIsAudited() throws Exception {
        Page page = chromium.newContext().newPage();
        page.navigate(base + "/web/login");
        page.locator("[data-testid=sso-button][data-connector=keycloak]").click();
        page.waitForURL(Keycloak.URL + "/**");
        // The browser now holds the proxy's state cookie; the callback arrives with another state.
        page.navigate(base + "/v1/webapi/sso/callback?state=" + UUID.randomUUID() + "&code=forged");
        page.waitForURL("**/web/login**");
        assertThat(page.getByTestId("sso-error")).containsText("could not be completed");
        String failures = admin().get("/v1/audit/events?type=user.login&limit=500").body().toString();
        assertTrue(failures.contains("\"outcome\":\"failure\"") && failures.contains("\"method\":\"sso\""), failures);

        // The right state (this browser's login in progress) with a forged code: the provider refuses
        // the exchange, and the user is back on the login page with a message, not a bare 401.
        page.navigate(base + "/web/login");
        page.locator("[data-testid=sso-button][data-connector=keycloak]").click();
        page.waitForURL(Keycloak.URL + "/**");
        String state = page.url().replaceAll(".*[?&]state=([^&]+).*", "$1");
        page.navigate(base + "/v1/webapi/sso/callback?state=" + state + "&code=forged-code");
        page.waitForURL("**/web/login**");
        assertThat(page.getByTestId("sso-error")).containsText("did not verify");
    }

    @Test
    @Order(4)
    void whenKeycloakIsDownTheLoginPageSaysSo() {
        Keycloak.stop();
        Page page = chromium.newContext().newPage();
        page.navigate(base + "/web/login");
        long t0 = System.nanoTime();
        page.locator("[data-testid=sso-button][data-connector=keycloak]").click();
        page.waitForURL("**/web/login?sso_error=**");
        assertThat(page.getByTestId("sso-error")).containsText("not reachable");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 15, "the refusal came after " + seconds + " s");
        Chromium.screenshot(page, "sso-provider-down");
    }

    private static ProxyCalls admin() {
        try {
            return new ProxyCalls(cluster.adminIdentity(), cluster.port());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request's successful events, oldest first. */
    private static List<String> story(String id) {
        List<com.fasterxml.jackson.databind.JsonNode> mine = new ArrayList<>();
        try {
            for (String type : List.of("create", "review", "assume")) {
                for (var e : admin().get("/v1/audit/events?limit=500&type=access_request." + type).body()
                        .path("events")) {
                    if (e.toString().contains(id) && e.path("outcome").asText().equals("success")) {
                        mine.add(e);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        mine.sort(java.util.Comparator.comparingLong(e -> e.path("id").asLong()));
        return mine.stream().map(e -> e.path("type").asText()).toList();
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
