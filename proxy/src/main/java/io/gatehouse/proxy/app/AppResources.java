package io.gatehouse.proxy.app;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.proxy.inventory.ResourceView;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.Kind;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Apps on the resources listing, visible where the user's roles allow the app's labels
 * (app_labels, deny wins). An app has no logins of its own: the "login" listed is the identity the
 * app will see, the user's own name. The uri stays the agent's business; its kind (tcp or http)
 * tells the user how to reach it.
 */
@Singleton
public class AppResources implements ResourceView<AppResources.AppFields> {
    /** "tcp" (gate proxy app) or "http" (the browser), listed as uri_kind. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AppFields(String uriKind) {
    }

    private final AppDirectory apps;

    public AppResources(AppDirectory apps) {
        this.apps = apps;
    }

    @Override
    public String kind() {
        return Kind.APP.id();
    }

    @Override
    public List<Candidate<AppFields>> all() {
        return apps.all().stream().map(a -> new Candidate<>(a.name(), a.labels(), apps.online(a),
                new AppFields(a.uriKind()))).toList();
    }

    @Override
    public List<String> logins(Candidate<AppFields> app, UserIdentity user, AccessChecker roles) {
        return roles.checkApp(app.name(), app.labels()).allowed() ? List.of(user.username()) : List.of();
    }
}
