package io.gatehouse.agent.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DbStatementGuardTest {
    @Test
    void splitsAtSemicolonsOutsideQuotesCommentsAndDollarQuotes() {
        assertEquals(List.of("select 1", " select ';' ", " select $$ ; $$", " select $t$ a;b $t$",
                " /* ; */ select \"a;b\"", " -- ;\nselect E'\\';'"), StatementGuard.split(
                "select 1; select ';' ; select $$ ; $$; select $t$ a;b $t$; /* ; */ select \"a;b\"; -- ;\n"
                        + "select E'\\';';;"));
    }

    @Test
    void findsRoleChangesInTheirSpellings() {
        assertEquals(Optional.of("admin"), StatementGuard.roleChange("SET ROLE admin"));
        assertEquals(Optional.of("admin"), StatementGuard.roleChange("  /* x /* nested */ */ -- c\n set local ROLE "
                + "Admin"));
        assertEquals(Optional.of("Admin"), StatementGuard.roleChange("set session role \"Admin\""));
        assertEquals(Optional.of("admin"), StatementGuard.roleChange("set role = 'admin'"));
        assertEquals(Optional.of("admin"), StatementGuard.roleChange("SET role TO admin"));
        assertEquals(Optional.of("none"), StatementGuard.roleChange("SET role 'none'"));
        assertEquals(Optional.of("admin"), StatementGuard.roleChange("SET SESSION AUTHORIZATION admin"));
        assertEquals(Optional.of("admin"), StatementGuard.roleChange("set local session authorization 'admin'"));
    }

    @Test
    void leavesOtherStatementsAlone() {
        assertEquals(Optional.empty(), StatementGuard.roleChange("SET ROLE NONE"));
        assertEquals(Optional.empty(), StatementGuard.roleChange("RESET ROLE"));
        assertEquals(Optional.empty(), StatementGuard.roleChange("SET SESSION AUTHORIZATION DEFAULT"));
        assertEquals(Optional.empty(), StatementGuard.roleChange("select 'set role admin'"));
        assertEquals(Optional.empty(), StatementGuard.roleChange("set search_path = admin"));
        assertEquals(Optional.empty(), StatementGuard.roleChange("-- set role admin"));
        assertEquals(Optional.empty(), StatementGuard.roleChange("settings"));
    }
}
