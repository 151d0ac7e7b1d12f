package dev.patrol.config;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The wall clock, injectable so that time-dependent code is testable. It ticks in microseconds,
 * the precision PostgreSQL keeps, so an event and the row folded from it hold the same instant.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }
}
