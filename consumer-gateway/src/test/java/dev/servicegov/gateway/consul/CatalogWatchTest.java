package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

class CatalogWatchTest {

    private static final WatchTiming TIMING = new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMinutes(1));

    private final AtomicBoolean consulSettled = new AtomicBoolean(true);
    private final AtomicInteger changes = new AtomicInteger();
    /** Its Consul refuses every connection: it knows only the answers a test gives it. */
    private final CatalogWatch watch = new CatalogWatch(new ConsulClient(WebClient.create(),
            JsonMapper.builder().build(), "http://127.0.0.1:1", "", "stale"), TIMING, Set.of(),
            new DepartedServices(Duration.ofMinutes(1)), names -> changes.incrementAndGet(), consulSettled::get);

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

    @Test
    void aServiceOfTheLastKnownCatalogIsListed() {
        watch.accept(answer("consul", "web"));

        assertThat(watch.presenceOf("web").block(Duration.ofSeconds(1))).isEqualTo(CatalogPresence.LISTED);
    }

    /** Paths naming no service (a scanner's) cost Consul one catalog query per half second, not one each. */
    @Test
    void namesTheWatchLacksAskedAtOnceShareOneQuery() {
        AtomicInteger queries = new AtomicInteger();
        WebClient http = WebClient.builder().exchangeFunction(request -> Mono.fromSupplier(() -> {
            queries.incrementAndGet();
            return ClientResponse.create(HttpStatus.OK).header(HttpHeaders.CONTENT_TYPE, "application/json")
                    .body("{\"consul\":[],\"web\":[]}").build();
        }).delayElement(Duration.ofMillis(100))).build();
        CatalogWatch answered = new CatalogWatch(new ConsulClient(http, JsonMapper.builder().build(), "http://consul", "",
                "stale"), TIMING, names -> { });

        List<CatalogPresence> presences = Flux.range(0, 20).flatMap(i -> answered.presenceOf("probe-" + i))
                .concatWith(answered.presenceOf("web")).collectList().block(Duration.ofSeconds(5));

        assertThat(presences).hasSize(21).endsWith(CatalogPresence.LISTED);
        assertThat(presences.subList(0, 20)).containsOnly(CatalogPresence.NOT_LISTED);
        assertThat(queries).as("Consul queries").hasValue(1);
    }

    @Test
    void aServiceConsulSaysItLacksIsNotListed() {
        CatalogWatch answered = new CatalogWatch(consulAnswering("{\"consul\":[],\"web\":[]}"), TIMING, names -> { });

        assertThat(answered.presenceOf("web").block(Duration.ofSeconds(1))).isEqualTo(CatalogPresence.LISTED);
        assertThat(answered.presenceOf("nope").block(Duration.ofSeconds(1))).isEqualTo(CatalogPresence.NOT_LISTED);
    }

    @Test
    void beforeConsulEverAnsweredNoServiceCanBeSaidToBeMissing() {
        assertThat(watch.presenceOf("web").block(Duration.ofSeconds(5))).isEqualTo(CatalogPresence.CONSUL_UNREACHABLE);
    }

    @Test
    void whileConsulCannotBeAskedANameMissingFromTheLastKnownCatalogMayStillExist() {
        watch.accept(answer("consul", "web"));

        assertThat(watch.presenceOf("cart").block(Duration.ofSeconds(5))).isEqualTo(CatalogPresence.CONSUL_UNREACHABLE);
    }

    @Test
    void aHiddenServiceIsNeitherListedNorPresentThoughConsulHasIt() {
        CatalogWatch hiding = new CatalogWatch(consulAnswering("{\"consul\":[],\"web\":[]}"), TIMING, Set.of("consul"),
                new DepartedServices(Duration.ZERO), names -> { }, () -> true);
        hiding.accept(answer("consul", "web"));

        assertThat(hiding.serviceNames().collectList().block(Duration.ofSeconds(1))).containsExactly("web");
        assertThat(hiding.knows("consul")).isFalse();
        assertThat(hiding.presenceOf("consul").block(Duration.ofSeconds(1))).isEqualTo(CatalogPresence.HIDDEN);
        assertThat(hiding.presenceOf("web").block(Duration.ofSeconds(1))).isEqualTo(CatalogPresence.LISTED);
    }

    @Test
    void aServiceThatLeftTheNamesAMomentAgoIsDepartedWithoutAskingConsul() {
        watch.accept(answer("consul", "web"));
        watch.accept(answer("consul"));

        assertThat(watch.presenceOf("web").block(Duration.ofSeconds(1))).isEqualTo(CatalogPresence.DEPARTED);
        assertThat(watch.presenceOf("cart").block(Duration.ofSeconds(5))).as("never listed; Consul not reachable")
                .isEqualTo(CatalogPresence.CONSUL_UNREACHABLE);
    }

    /** A Consul that answers every query with the body. */
    private static ConsulClient consulAnswering(String body) {
        WebClient http = WebClient.builder().exchangeFunction(request -> Mono.just(ClientResponse.create(HttpStatus.OK)
                .header(HttpHeaders.CONTENT_TYPE, "application/json").body(body).build())).build();
        return new ConsulClient(http, JsonMapper.builder().build(), "http://consul", "", "stale");
    }

    private Set<String> names() {
        return Set.copyOf(watch.serviceNames().collectList().block(Duration.ofSeconds(1)));
    }

    private static ConsulAnswer<Set<String>> answer(String... names) {
        return new ConsulAnswer<>(Set.of(names), 1, true);
    }
}
