package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.reactive.function.client.WebClient;

class HealthWatchTest {

    private static final ServiceInstance A = new DefaultServiceInstance("a", "web", "10.0.0.1", 8080, false);
    private static final ServiceInstance B = new DefaultServiceInstance("b", "web", "10.0.0.2", 8080, false);

    private final AtomicBoolean consulSettled = new AtomicBoolean(true);
    private final HealthWatch watch = new HealthWatch("web", new ConsulClient(WebClient.create(), JsonMapper.builder().build(),
            "http://127.0.0.1:1", "", "stale"), new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMinutes(1)), (service, instances) -> { },
            consulSettled::get);

    @Test
    void anEmptyAnswerJustAfterAnOutageKeepsTheLastKnownInstancesUntilConsulHasSettled() {
        consulSettled.set(false);
        watch.accept(answer(A, B));
        watch.accept(answer());
        assertThat(watch.current()).as("held: Consul has only just come back").containsExactly(A, B);

        watch.accept(answer(B));
        assertThat(watch.current()).as("a list with instances is taken at once").containsExactly(B);

        watch.accept(answer());
        assertThat(watch.current()).containsExactly(B);
        consulSettled.set(true);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(watch.current()).as("still empty once settled").isEmpty());
    }

    @Test
    void onceConsulHasSettledAnEmptyAnswerEmptiesTheListAtOnce() {
        watch.accept(answer(A));
        watch.accept(answer());
        assertThat(watch.current()).isEmpty();
    }

    @Test
    void whileConsulDoesNotAnswerOnlyTheFirstRequestWaitsForTheFirstAnswer() {
        // the watch is not started: no answer ever comes, as in an outage
        long started = System.nanoTime();
        assertThat(watch.instances().block()).isEmpty();
        long firstWait = System.nanoTime() - started;
        started = System.nanoTime();
        assertThat(watch.instances().block()).isEmpty();
        long secondWait = System.nanoTime() - started;

        assertThat(Duration.ofNanos(firstWait)).as("the first-answer timeout").isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(secondWait)).as("no second wait of the timeout").isLessThan(Duration.ofMillis(200));

        watch.accept(answer(A));
        assertThat(watch.instances().block()).as("Consul's first answer, once it comes").containsExactly(A);
    }

    private static ConsulAnswer<List<ServiceInstance>> answer(ServiceInstance... instances) {
        return new ConsulAnswer<>(List.of(instances), 1, true);
    }
}
