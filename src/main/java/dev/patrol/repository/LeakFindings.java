package dev.patrol.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Leak findings (docs/leaks.md): plain rows outside the event-sourced read model, on Hibernate
 * Reactive Panache. Every call has the database deadline of a request.
 */
@ApplicationScoped
public class LeakFindings implements PanacheRepositoryBase<LeakFindingRow, UUID> {

    /** Keeps {@code finding}; call on a Vert.x context (a request's, or one it captured). */
    public Uni<Void> record(LeakFinding finding) {
        return Panache.withTransaction(() -> persist(LeakFindingRow.of(finding)))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .replaceWithVoid();
    }

    /** Findings about one token, newest first. */
    public Uni<List<LeakFinding>> ofToken(UUID tokenId) {
        return findings(Panache.withSession(
                () -> find("tokenId", Sort.descending("reportedAt"), tokenId).list()));
    }

    /** The newest {@code limit} findings about anyone's tokens. */
    public Uni<List<LeakFinding>> newest(int limit) {
        return findings(Panache.withSession(() -> findAll(Sort.descending("reportedAt", "id"))
                .page(Page.ofSize(limit))
                .list()));
    }

    private static Uni<List<LeakFinding>> findings(Uni<List<LeakFindingRow>> rows) {
        return rows.ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(list -> list.stream().map(LeakFindingRow::toFinding).toList());
    }
}
