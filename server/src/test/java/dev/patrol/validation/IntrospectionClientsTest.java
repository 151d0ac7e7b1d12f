package dev.patrol.validation;

import java.util.Optional;
import java.util.Set;

import dev.patrol.domain.ScopeCatalogue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntrospectionClientsTest {

    private static final ScopeCatalogue CATALOGUE = new ScopeCatalogue(Set.of("code:read", "code:write"));

    private static IntrospectionClients clients(String spec) {
        return IntrospectionClients.parse(Optional.of(spec), CATALOGUE);
    }

    @Test
    void eitherSecretOfARotationAuthenticatesAndNothingElseDoes() {
        var c = clients("grafana secret=sha256:" + IntrospectionClients.hashOf("old") + " secret=sha256:"
                + IntrospectionClients.hashOf("new") + "; other secret=sha256:" + IntrospectionClients.hashOf("x"));
        assertEquals("grafana", c.authenticate("grafana", "old").orElseThrow().id());
        assertEquals("grafana", c.authenticate("grafana", "new").orElseThrow().id());
        assertTrue(c.authenticate("grafana", "x").isEmpty());
        assertTrue(c.authenticate("nobody", "old").isEmpty());
        assertTrue(c.authenticate("grafana", null).isEmpty());
    }

    @Test
    void limitsAreParsed() {
        var client = clients("rs secret=sha256:" + IntrospectionClients.hashOf("s")
                        + " organizations=acme,globex scopes=code:read")
                .authenticate("rs", "s")
                .orElseThrow();
        assertEquals(Set.of("acme", "globex"), client.organizations());
        assertEquals(Set.of("code:read"), client.scopes());
    }

    @Test
    void aMisconfiguredClientStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> clients("rs"));
        assertThrows(IllegalArgumentException.class, () -> clients("rs secret=plain"));
        assertThrows(IllegalArgumentException.class, () -> clients("rs secret=sha256:abcd"));
        assertThrows(
                IllegalArgumentException.class,
                () -> clients("rs secret=sha256:" + IntrospectionClients.hashOf("s") + " scopes=code:raed"));
        String one = "rs secret=sha256:" + IntrospectionClients.hashOf("s");
        assertThrows(IllegalArgumentException.class, () -> clients(one + ";" + one));
    }
}
