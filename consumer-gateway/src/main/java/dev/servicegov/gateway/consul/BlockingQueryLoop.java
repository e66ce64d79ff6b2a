package dev.servicegov.gateway.consul;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Runs one Consul blocking query after the other: each waits for a change after the index of the
 * previous answer ({@link BlockingQueryIndex}), starts at least {@code minInterval} after the one
 * before, and after a failure the next waits {@code retryInterval}. Every answer goes to the consumer.
 */
final class BlockingQueryLoop<T> {

    private static final Logger log = LoggerFactory.getLogger(BlockingQueryLoop.class);

    private final String name;
    private final LongFunction<Mono<ConsulAnswer<T>>> query;
    private final Consumer<ConsulAnswer<T>> consumer;
    private final Duration minInterval;
    private final Duration retryInterval;

    private volatile long index;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile boolean knownLeader = true;
    private volatile Disposable running;

    BlockingQueryLoop(String name, LongFunction<Mono<ConsulAnswer<T>>> query, Consumer<ConsulAnswer<T>> consumer,
            Duration minInterval, Duration retryInterval) {
        this.name = name;
        this.query = query;
        this.consumer = consumer;
        this.minInterval = minInterval;
        this.retryInterval = retryInterval;
    }

    synchronized void start() {
        if (running != null && !running.isDisposed()) {
            return;
        }
        running = Mono.defer(this::round).repeat().subscribe(
                ignored -> { },
                error -> log.error("watch of {} ended", name, error));
    }

    /** Drops the query in flight and starts over with a fresh (non-blocking) read. */
    synchronized void restart() {
        stop();
        index = 0;
        start();
    }

    synchronized void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    private Mono<Void> round() {
        long started = System.nanoTime();
        long sent = index;
        return query.apply(sent)
                .doOnNext(answer -> accept(sent, answer))
                .then(Mono.defer(() -> pauseSince(started, minInterval)))
                .onErrorResume(error -> {
                    if (lastError == null) {
                        log.warn("Consul query for {} failed, keeping the last answer: {}", name, error.toString());
                    }
                    lastError = error.toString();
                    return Mono.delay(retryInterval).then();
                });
    }

    private void accept(long sent, ConsulAnswer<T> answer) {
        index = BlockingQueryIndex.next(sent, answer.index());
        knownLeader = answer.knownLeader();
        if (lastError != null) {
            log.info("Consul answers queries for {} again", name);
        }
        lastError = null;
        lastSuccess = Instant.now();
        consumer.accept(answer);
    }

    private static Mono<Void> pauseSince(long startedNanos, Duration least) {
        long remaining = least.toNanos() - (System.nanoTime() - startedNanos);
        return remaining > 0 ? Mono.delay(Duration.ofNanos(remaining)).then() : Mono.empty();
    }

    long index() {
        return index;
    }

    /** When Consul last answered, {@code null} before the first answer. */
    Instant lastSuccess() {
        return lastSuccess;
    }

    /** The last failure while it lasts, {@code null} once Consul answers again. */
    String lastError() {
        return lastError;
    }

    boolean knownLeader() {
        return knownLeader;
    }
}
