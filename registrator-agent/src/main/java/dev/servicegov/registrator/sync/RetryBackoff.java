package dev.servicegov.registrator.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Exponential backoff per key (a service id): 1s, 2s, 4s... (from a configurable first pause) up to a maximum. Not thread-safe. */
public final class RetryBackoff {

    private record State(int failures, Instant nextAttempt) {
    }

    private final Duration first;
    private final Duration max;
    private final Map<String, State> states = new HashMap<>();

    public RetryBackoff(Duration max) {
        this(Duration.ofSeconds(1), max);
    }

    /** Pauses of {@code first}, twice that, four times... up to {@code max}. */
    public RetryBackoff(Duration first, Duration max) {
        this.first = first.isZero() || first.isNegative() ? Duration.ofSeconds(1) : first;
        this.max = max;
    }

    public boolean isDue(String key, Instant now) {
        State state = states.get(key);
        return state == null || !now.isBefore(state.nextAttempt());
    }

    /** Records a failure and returns the pause before the next attempt. */
    public Duration failed(String key, Instant now) {
        int failures = states.containsKey(key) ? states.get(key).failures() + 1 : 1;
        Duration delay = first.multipliedBy(1L << Math.min(failures - 1, 20));
        if (delay.compareTo(max) > 0) {
            delay = max;
        }
        states.put(key, new State(failures, now.plus(delay)));
        return delay;
    }

    public void succeeded(String key) {
        states.remove(key);
    }

    /** The earliest pending retry, or {@code null}. */
    public Instant nextAttempt() {
        return states.values().stream().map(State::nextAttempt).min(Instant::compareTo).orElse(null);
    }

    /** How many keys are backing off. */
    int size() {
        return states.size();
    }

    /** Forgets every failure: everything is due now (the registry answers again). */
    public void clear() {
        states.clear();
    }

    /** Drops the state of every key not in the given ones (work that is no longer wanted). */
    public void retainOnly(java.util.Collection<String> keys) {
        states.keySet().retainAll(keys);
    }
}
