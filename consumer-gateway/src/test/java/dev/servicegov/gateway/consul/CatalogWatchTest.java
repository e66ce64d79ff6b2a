package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

class CatalogWatchTest {

    private final AtomicBoolean consulSettled = new AtomicBoolean(true);
    private final AtomicInteger changes = new AtomicInteger();
    private final CatalogWatch watch = new CatalogWatch(new ConsulClient(WebClient.create(), JsonMapper.builder().build(),
            "http://127.0.0.1:1", "", "stale"), new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMinutes(1)), names -> changes.incrementAndGet(),
            consulSettled::get);

    @Test
    void justAfterAnOutageANameIsOnlyDroppedOnceConsulHasSettled() {
        consulSettled.set(false);
        watch.accept(answer("consul", "web", "api"));
        watch.accept(answer("consul", "api", "cart"));
        assertThat(names()).as("web held, cart taken").containsExactlyInAnyOrder("consul", "web", "api", "cart");

        consulSettled.set(true);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(names()).containsExactlyInAnyOrder("consul", "api", "cart"));
    }

    @Test
    void onceSettledANameLeavesAtOnce() {
        watch.accept(answer("consul", "web"));
        watch.accept(answer("consul"));
        assertThat(names()).containsExactly("consul");
        assertThat(changes).hasValue(2);
    }

    private Set<String> names() {
        return Set.copyOf(watch.serviceNames().collectList().block(Duration.ofSeconds(1)));
    }

    private static ConsulAnswer<Set<String>> answer(String... names) {
        return new ConsulAnswer<>(Set.of(names), 1, true);
    }
}
