package dev.patrol.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.patrol.repository.TokenQueries;
import dev.patrol.repository.TokenQueries.SortKey;
import dev.patrol.repository.TokenQueries.StateFilter;
import io.smallrye.mutiny.Uni;

/** The paging, sorting and state parameters of a token list, checked; shared by people's and administrators' lists. */
record ListRequest(StateFilter state, SortKey sort, boolean descending, int limit, Object[] after) {

    static final int MAX_LIMIT = 100;

    /** A query parameter that is not what it must be: refused naming it. */
    static final class BadParameter extends Exception {
        final transient Refusal refusal;

        /** @param expected what the parameter must be, to end the sentence "The NAME parameter must be ..." */
        BadParameter(String name, String expected) {
            super(null, null, false, false);
            refusal = Refusal.badParameter(name, expected);
        }
    }

    static ListRequest parse(String state, String sort, String order, Integer limit, String cursor)
            throws BadParameter {
        StateFilter stateFilter;
        SortKey sortKey;
        try {
            stateFilter = state == null ? StateFilter.ALL : StateFilter.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("state", "one of active, expired, revoked, all");
        }
        try {
            sortKey = sort == null ? SortKey.CREATED : SortKey.valueOf(sort.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("sort", "one of created, name, expires");
        }
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw new BadParameter("order", "asc or desc");
        }
        boolean descending = order == null ? sortKey == SortKey.CREATED : order.equals("desc");
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new BadParameter("limit", "between 1 and " + MAX_LIMIT);
        }
        try {
            Object[] after = cursor == null ? null : Cursor.decode(cursor, sortKey, descending);
            return new ListRequest(stateFilter, sortKey, descending, size, after);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("cursor", "the nextCursor of a previous page listed with the same sort and order");
        }
    }

    /** The page {@code filter} selects, each token with its last use; {@code withOwner} for administrators. */
    Uni<TokenPage> page(TokenQueries queries, TokenQueries.Filter filter, Instant now, boolean withOwner) {
        return queries.list(filter, sort, descending, limit, after, now)
                .chain(page -> queries.lastUse(
                                page.items().stream().map(t -> t.tokenId()).toList())
                        .map(uses -> {
                            List<TokenView> items = new ArrayList<>();
                            page.items().forEach(t -> {
                                TokenView v = TokenView.of(t, now, uses.get(t.tokenId()));
                                items.add(withOwner ? v.withOwner(t.owner()) : v);
                            });
                            String next =
                                    page.lastKey() == null ? null : Cursor.encode(sort, descending, page.lastKey());
                            return new TokenPage(items, next);
                        }));
    }
}
