package io.gatehouse.agent.app;

import io.gatehouse.shared.resource.AppSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads agent.yaml's {@code apps:} section into {@link AppConfig}s, checked at the App Service's
 * start (the uri by the same rule as the app resource, AppSpec): a mistake names the entry and the
 * setting, and fails this service only.
 */
public final class AppsConfig {
    static final Set<String> KEYS = Set.of("name", "uri", "labels", "public_addr");
    private static final String EXAMPLE = "e.g. apps: [{name: orders-api, uri: tcp://127.0.0.1:5432, labels: "
            + "{env: dev}}]";

    private AppsConfig() {
    }

    @SuppressWarnings("unchecked")
    public static List<AppConfig> parse(Path file, Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": apps must be a list; " + EXAMPLE);
        }
        List<AppConfig> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(file + ": each app must be a mapping; " + EXAMPLE);
            }
            AppConfig a = one(file, (Map<String, Object>) m);
            if (out.stream().anyMatch(o -> o.name().equals(a.name()))) {
                throw new IllegalArgumentException(file + ": app '" + a.name() + "' is listed twice");
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    private static AppConfig one(Path file, Map<String, Object> m) {
        Object rawName = m.get("name");
        String name = String.valueOf(rawName);
        // A DNS label: HTTP apps will be served at <name>.<proxy public host>.
        if (rawName == null || !name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException(file + ": app name '" + name + "' must be lowercase letters, digits "
                    + "and '-' (one DNS label: HTTP apps are served at NAME.<proxy host>); " + EXAMPLE);
        }
        String where = file + ": app '" + name + "'";
        m.keySet().stream().filter(k -> !KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(where + ": unknown setting '" + k + "'; known: " + KEYS.stream()
                    .sorted().toList());
        });
        String uri = m.get("uri") == null ? "" : String.valueOf(m.get("uri"));
        Optional<String> problem = AppSpec.uriProblem(uri);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(where + ": uri: " + problem.get());
        }
        String publicAddr = m.get("public_addr") == null ? "" : String.valueOf(m.get("public_addr"));
        AppSpec.publicAddrProblem(publicAddr).ifPresent(p -> {
            throw new IllegalArgumentException(where + ": " + p);
        });
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.get("labels") instanceof Map<?, ?> l) {
            l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        } else if (m.get("labels") != null) {
            throw new IllegalArgumentException(where + ": labels must be a mapping of key: value, e.g. {env: prod}");
        }
        return new AppConfig(name, uri, labels, publicAddr);
    }
}
