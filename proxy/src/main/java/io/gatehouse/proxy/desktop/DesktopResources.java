package io.gatehouse.proxy.desktop;

import io.gatehouse.proxy.inventory.ResourceView;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.Kind;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Desktops on the resources listing, visible where the user's roles give a desktop login
 * (desktop_labels, desktop_logins). No address: where a desktop lives is its agent's business.
 */
@Singleton
public class DesktopResources implements ResourceView<DesktopResources.DesktopFields> {
    /** Nothing beyond the common fields yet (the place for an OS or screen size when agents announce one). */
    public record DesktopFields() {
    }

    private static final DesktopFields NONE = new DesktopFields();

    private final DesktopDirectory desktops;

    public DesktopResources(DesktopDirectory desktops) {
        this.desktops = desktops;
    }

    @Override
    public String kind() {
        return Kind.DESKTOP.id();
    }

    @Override
    public List<Candidate<DesktopFields>> all() {
        return desktops.all().stream().map(d -> new Candidate<>(d.name(), d.labels(), desktops.online(d), NONE))
                .toList();
    }

    @Override
    public List<String> logins(Candidate<DesktopFields> desktop, UserIdentity user, AccessChecker roles) {
        return roles.allowedDesktopLogins().stream().filter(login -> roles.checkDesktop(desktop.name(),
                desktop.labels(), login).allowed()).sorted().toList();
    }
}
