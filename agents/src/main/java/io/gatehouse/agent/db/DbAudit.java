package io.gatehouse.agent.db;

import java.util.List;

/**
 * The audit trail of one database session (events go to the agent's spool and on to auth):
 * db.session.start/end, one db.session.query per statement, and refusals. Statement text is bounded
 * and escaped here (a statement with terminal escapes or a megabyte of text is stored escaped and
 * truncated), and never goes to a log file.
 */
public interface DbAudit {
    void started();

    /** One statement: simple query, or an extended-protocol execution / prepared statement with its parameters. */
    void query(String text, List<String> parameters);

    /** A statement or command refused by the session's roles (e.g. USE of another database); {@code reason} as the client saw it. */
    void refused(String what, String reason);

    /** The session ended; {@code error} empty on a clean end. */
    void ended(String error);
}
