package dev.patrol.domain;

import java.util.List;

/** The outcome of deciding commands: the events to append, or why nothing may happen. */
public sealed interface Decision {

    record Accepted(List<TokenEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected(Rejection rejection) implements Decision {}
}
