package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.shared.audit.SafeText;
import java.util.regex.Pattern;

/**
 * The names a database certificate carries: the database resource, the database user and the
 * database name. A database user becomes a certificate's common name (the agent's client
 * certificate, which PostgreSQL's cert auth and MariaDB's REQUIRE SUBJECT match), so it is held to
 * characters that cannot change a distinguished name's meaning ('/', ',', '=', '+' and the like
 * would let "app,CN=postgres" read as another subject).
 */
final class DbIdentifiers {
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern DB_USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@$-]{0,62}");
    private static final int MAX_DB_NAME = 64;

    private DbIdentifiers() {
    }

    static String resource(String db) {
        String name = db == null ? "" : db;
        if (!RESOURCE.matcher(name).matches()) {
            throw ApiException.invalid(name.isEmpty() ? "name the database: gate db ls lists them"
                    : "'" + SafeText.of(name) + "' is not a database resource name; gate db ls lists them");
        }
        return name;
    }

    static String dbUser(String user) {
        String name = user == null ? "" : user;
        if (name.isEmpty()) {
            throw ApiException.invalid("name the database user to log in as (--db-user)");
        }
        if (!DB_USER.matcher(name).matches()) {
            throw ApiException.invalid("database user '" + SafeText.of(name) + "' cannot go into a certificate: use "
                    + "1-63 letters, digits and _ . @ $ - (starting with a letter, digit or _)");
        }
        return name;
    }

    /** A database name, or "" for "whichever the client names at connect time". */
    static String dbName(String dbName) {
        String name = dbName == null ? "" : dbName;
        if (name.length() > MAX_DB_NAME || name.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw ApiException.invalid("database name '" + SafeText.of(name) + "' is longer than " + MAX_DB_NAME
                    + " characters or holds control characters");
        }
        return name;
    }
}
