package dev.patrol.ui;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsrfTest {

    private static final byte[] KEY = "a state secret of thirty-two chars".getBytes(StandardCharsets.UTF_8);

    @Test
    void aFieldPassesOnlyForItsCookieItsPersonAndTheKey() {
        String cookie = Csrf.valueFor(null);
        String field = Csrf.field(KEY, cookie, "alice");
        assertTrue(Csrf.matches(KEY, cookie, "alice", field));
        assertFalse(Csrf.matches(KEY, cookie, "bob", field), "issued to alice, presented for bob");
        assertFalse(Csrf.matches(KEY, Csrf.valueFor(null), "alice", field), "another cookie");
        byte[] otherKey = "another state secret, 32 or more!".getBytes(StandardCharsets.UTF_8);
        assertFalse(Csrf.matches(otherKey, cookie, "alice", field), "forged without the key");
        assertFalse(Csrf.matches(KEY, cookie, "alice", cookie), "the bare cookie value is no field");
        assertFalse(Csrf.matches(KEY, "short", "alice", Csrf.field(KEY, "short", "alice")), "malformed cookie");
        assertFalse(Csrf.matches(KEY, null, "alice", field));
        assertFalse(Csrf.matches(KEY, cookie, "alice", null));
    }

    @Test
    void theSecureCookieIsHostOnly() {
        var secure = Csrf.cookie(Csrf.valueFor(null), true);
        assertTrue(secure.getName().startsWith("__Host-") && secure.isSecure() && "/".equals(secure.getPath()));
        assertFalse(Csrf.cookie(Csrf.valueFor(null), false).getName().startsWith("__Host-"));
    }
}
