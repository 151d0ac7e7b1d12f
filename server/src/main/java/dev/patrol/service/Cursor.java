package dev.patrol.service;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import dev.patrol.repository.TokenQueries.SortKey;

/**
 * Opaque keyset cursor: the sort, the order and the last item's sort value and id. A cursor only
 * works with the sort and order it was made for.
 */
final class Cursor {

    private Cursor() {}

    static String encode(SortKey sort, boolean descending, Object[] lastKey) {
        Object v = lastKey[0];
        String value = v instanceof OffsetDateTime t ? t.toInstant().toString() : String.valueOf(v);
        String raw = sort.name() + "|" + (descending ? "d" : "a") + "|" + lastKey[1] + "|" + value;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the cursor is malformed or made for another sort/order */
    static Object[] decode(String cursor, SortKey sort, boolean descending) {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String[] parts = raw.split("\\|", 4);
        if (parts.length != 4 || !parts[0].equals(sort.name()) || !parts[1].equals(descending ? "d" : "a")) {
            throw new IllegalArgumentException("cursor does not match this sort and order");
        }
        try {
            UUID id = UUID.fromString(parts[2]);
            Object value =
                    sort == SortKey.NAME ? parts[3] : Instant.parse(parts[3]).atOffset(ZoneOffset.UTC);
            return new Object[] {value, id};
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("cursor position is not a time", e);
        }
    }
}
