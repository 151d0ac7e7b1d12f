package dev.patrol.service;

import java.util.function.Function;

import dev.patrol.domain.Token;
import dev.patrol.write.CommandResult;
import io.smallrye.mutiny.Uni;

/** What an application service answers: what was asked for, or why not. */
public sealed interface Outcome<T> {

    record Done<T>(T value) implements Outcome<T> {}

    record Refused<T>(Refusal refusal) implements Outcome<T> {}

    static <T> Outcome<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Outcome<T> refused(Refusal refusal) {
        return new Refused<>(refusal);
    }

    /** A command's result: the token as the read model now holds it, or why not. */
    static Outcome<Token> of(CommandResult result) {
        return result instanceof CommandResult.Applied applied ? done(applied.token()) : refused(Refusal.of(result));
    }

    /** A refusal decided before any I/O. */
    static <T> Uni<Outcome<T>> refusedNow(Refusal refusal) {
        return Uni.createFrom().item(refused(refusal));
    }

    default <U> Outcome<U> map(Function<T, U> f) {
        return switch (this) {
            case Done<T> d -> done(f.apply(d.value()));
            case Refused<T> r -> refused(r.refusal());
        };
    }

    /** The value, or null when refused (the pages, which show either). */
    default T orNull() {
        return this instanceof Done<T> d ? d.value() : null;
    }
}
