package io.gatehouse.shared.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueSyntaxTest {
    @Test
    void invalidRegexesAreRefusedWithAReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> ValueSyntax.validatePattern("^(a$"));
        assertTrue(e.getMessage().contains("invalid regex"));
    }

    @Test
    void malformedTemplatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ValueSyntax.validateTemplate("{{internal}}"));
        assertThrows(IllegalArgumentException.class, () -> ValueSyntax.validateTemplate("{{internal.x"));
        assertThrows(IllegalArgumentException.class, () -> ValueSyntax.validateTemplate("{{foo.bar}}"));
    }

    @Test
    void aTemplateIsParsedWithTheTextAroundIt() {
        assertEquals(Optional.of(new ValueSyntax.Template("^", "-admin$", false, "logins", false)),
                ValueSyntax.template("^{{internal.logins}}-admin$"));
        assertEquals(Optional.of(new ValueSyntax.Template("", "", true, "email", true)),
                ValueSyntax.template("{{ email.local(external.email) }}"));
    }

    @Test
    void aValueWithoutTemplateOrWithABrokenOneHasNoTemplate() {
        assertEquals(Optional.empty(), ValueSyntax.template("ubuntu"));
        assertEquals(Optional.empty(), ValueSyntax.template("{{foo.bar}}"), "malformed: expands to nothing");
        assertTrue(ValueSyntax.hasTemplate("{{foo.bar}}"));
    }
}
