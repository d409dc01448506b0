package io.gatehouse.proxy.db;

import io.gatehouse.proxy.inventory.ResourceView;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.Kind;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Databases on the resources listing, visible where the user's roles give a database user on them
 * (db_labels, db_users, db_names); the "logins" are those database users. The protocol is shown
 * (the client to use follows from it); the address is the agent's business, not the user's.
 */
@Singleton
public class DbResources implements ResourceView<DbResources.DbFields> {
    /**
     * What a user needs to pick a client: "postgres" or "mysql"; and {@code loginUser} when the agent
     * can log in as that database user only (it holds its password), else empty.
     */
    public record DbFields(String protocol, String loginUser) {
    }

    private final DbDirectory dbs;

    public DbResources(DbDirectory dbs) {
        this.dbs = dbs;
    }

    @Override
    public String kind() {
        return Kind.DB.id();
    }

    @Override
    public List<Candidate<DbFields>> all() {
        return dbs.all().stream().map(d -> new Candidate<>(d.name(), d.labels(), dbs.online(d),
                new DbFields(d.protocol(), d.loginUser()))).toList();
    }

    /**
     * A database user counts when some database name the roles name is allowed with it there, and
     * the agent can log in as it: a password-only database offers its one user, if the roles allow it.
     */
    @Override
    public List<String> logins(Candidate<DbFields> db, UserIdentity user, AccessChecker roles) {
        String only = db.details().loginUser();
        return dbUsers(db.name(), db.labels(), roles).stream().filter(u -> only.isEmpty() || only.equals(u)).toList();
    }

    static List<String> dbUsers(String name, java.util.Map<String, String> labels, AccessChecker roles) {
        var names = roles.allowedDbNames();
        return roles.allowedDbUsers().stream().filter(dbUser -> names.stream().anyMatch(dbName -> roles
                .checkDatabase(name, labels, dbUser, dbName).allowed())).sorted().toList();
    }
}
