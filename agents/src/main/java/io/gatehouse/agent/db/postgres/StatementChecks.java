package io.gatehouse.agent.db.postgres;

import io.gatehouse.agent.db.DbSession;
import java.util.Optional;

/** What the session's roles say of a statement's identity change: empty when allowed, else why not. */
final class StatementChecks {
    private final DbSession session;

    StatementChecks(DbSession session) {
        this.session = session;
    }

    /** The refusal of the first statement of {@code sql} that switches to a database user the roles do not allow. */
    Optional<String> refusal(String sql) {
        for (String statement : StatementGuard.split(sql)) {
            Optional<String> target = StatementGuard.roleChange(statement);
            if (target.isEmpty() || target.get().equals(session.dbUser())) {
                continue;
            }
            var decision = session.roles().checkDatabase(session.database().name(), session.database().labels(),
                    target.get(), session.dbName());
            if (!decision.allowed()) {
                return Optional.of("no role of " + session.user().username() + " allows database user '"
                        + target.get() + "' on '" + session.database().name() + "'; the statement was not run");
            }
        }
        return Optional.empty();
    }

    /** A statement that fails with {@code reason} (so the refusal reaches the client in order, from the server). */
    static String failing(String reason) {
        String literal = reason.replace("$", "").replace("'", "''");
        return "DO $gatehouse$ BEGIN RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '" + literal
                + "'; END $gatehouse$";
    }
}
