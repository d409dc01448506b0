package io.gatehouse.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** agent.yaml's apps: section, with the mistakes an operator makes named for them. */
class AppsConfigTest {
    private static final Path FILE = Path.of("/etc/gatehouse/agent.yaml");

    private static List<AppConfig> parse(String yaml) {
        Map<?, ?> m = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return AppsConfig.parse(FILE, m.get("apps"));
    }

    private static String problem(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void tcpAndHttpAppsAreRead() {
        List<AppConfig> apps = parse("""
                apps:
                  - {name: orders-db, uri: "tcp://127.0.0.1:5432", labels: {env: dev}}
                  - {name: grafana, uri: "http://127.0.0.1:3000", public_addr: grafana.example.com}
                """);
        assertEquals(2, apps.size());
        assertTrue(apps.get(0).tcp());
        assertEquals("127.0.0.1", apps.get(0).host());
        assertEquals(5432, apps.get(0).port());
        assertEquals(Map.of("env", "dev"), apps.get(0).labels());
        assertEquals("grafana.example.com", apps.get(1).publicAddr());
    }

    @Test
    void mistakesNameTheEntryAndTheSetting() {
        assertTrue(problem("apps: [{name: x, uri: \"ftp://h:21\"}]").contains("app 'x': uri:"));
        assertTrue(problem("apps: [{name: x, uri: \"tcp://h\"}]").contains("needs a port"));
        assertTrue(problem("apps: [{name: x}]").contains("needs a uri"));
        assertTrue(problem("apps: [{name: Bad_Name, uri: \"tcp://h:1\"}]").contains("one DNS label"));
        assertTrue(problem("apps: [{name: x, uri: \"tcp://h:1\", rewrite: {}}]").contains("unknown setting 'rewrite'"));
        assertTrue(problem("apps: [{name: x, uri: \"tcp://h:1\"}, {name: x, uri: \"tcp://h:2\"}]")
                .contains("listed twice"));
        assertTrue(problem("apps: {name: x}").contains("must be a list"));
        assertTrue(problem("apps: [{name: x, uri: \"tcp://h:1\", labels: [a]}]").contains("labels must be a mapping"));
    }
}
