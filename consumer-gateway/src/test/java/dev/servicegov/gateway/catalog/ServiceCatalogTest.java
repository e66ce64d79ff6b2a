package dev.servicegov.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.servicegov.gateway.consul.CatalogPresence;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.consul.discovery.ConsulServiceInstance;
import org.springframework.cloud.consul.model.http.health.HealthService;

class ServiceCatalogTest {

    /** As Spring Cloud Consul builds it from Consul's health API answer. */
    private static ServiceInstance consulInstance(String id, String service, int port, List<String> tags) {
        HealthService.Service registration = new HealthService.Service();
        registration.setId(id);
        registration.setService(service);
        registration.setAddress("127.0.0.1");
        registration.setPort(port);
        registration.setTags(tags);
        registration.setMeta(Map.of("owner", "team-" + id));
        HealthService health = new HealthService();
        health.setService(registration);
        return new ConsulServiceInstance(health, service);
    }

    private final ReactiveDiscoveryClient discovery = new ReactiveDiscoveryClient() {
        @Override
        public String description() {
            return "fake";
        }

        @Override
        public Flux<ServiceInstance> getInstances(String serviceId) {
            return switch (serviceId) {
                case "web" -> Flux.just(consulInstance("web-2", "web", 2, List.of("b")),
                        consulInstance("web-1", "web", 1, List.of("a")));
                case "other" -> Flux.just(new DefaultServiceInstance("o-1", "other", "h", 3, false));
                default -> Flux.empty();
            };
        }

        @Override
        public Flux<String> getServices() {
            return Flux.just("web", "sick", "other");
        }
    };

    private final ServiceCatalog catalog = new ServiceCatalog(discovery);

    @Test
    void snapshotListsEveryServiceSortedWithItsInstancesSorted() {
        List<ServiceView> services = catalog.snapshot().block();

        assertThat(services).extracting(ServiceView::name).containsExactly("other", "sick", "web");
        assertThat(services.get(1).instances()).isEmpty();
        assertThat(services.get(2).instances()).containsExactly(
                new InstanceView("web-1", "127.0.0.1", 1, List.of("a"), Map.of("owner", "team-web-1")),
                new InstanceView("web-2", "127.0.0.1", 2, List.of("b"), Map.of("owner", "team-web-2")));
    }

    /** Each unwatched service is a query to the Consul agent, which takes a limited number of connections per client. */
    @Test
    void aSnapshotOfHundredsOfServicesAsksForAFewAtATime() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ReactiveDiscoveryClient slowConsul = new ReactiveDiscoveryClient() {
            @Override
            public String description() {
                return "slow";
            }

            @Override
            public Flux<ServiceInstance> getInstances(String serviceId) {
                return Flux.<ServiceInstance>empty().delaySubscription(Duration.ofMillis(5))
                        .doOnSubscribe(started -> most.accumulateAndGet(running.incrementAndGet(), Math::max))
                        .doOnTerminate(running::decrementAndGet);
            }

            @Override
            public Flux<String> getServices() {
                return Flux.range(0, 200).map(i -> "service-" + i);
            }
        };

        List<ServiceView> services = new ServiceCatalog(slowConsul, name -> Mono.empty(), name -> null).snapshot()
                .block(Duration.ofSeconds(10));

        assertThat(services).hasSize(200);
        assertThat(most.get()).as("queries at once").isBetween(1, 8);
    }

    @Test
    void instancesOutsideConsulHaveNoTags() {
        assertThat(catalog.snapshot().block().get(0).instances().get(0).tags()).isEmpty();
    }

    @Test
    void knowsServicesWhateverTheirHealth() {
        assertThat(catalog.presenceOf("sick").block()).isEqualTo(CatalogPresence.LISTED);
        assertThat(catalog.presenceOf("nope").block()).isEqualTo(CatalogPresence.NOT_LISTED);
    }

    @Test
    void eachServiceSaysWhenItsInstanceListLastChanged() {
        Instant webChanged = Instant.parse("2025-01-02T03:04:05Z");
        ServiceCatalog watched = new ServiceCatalog(discovery, name -> Mono.just(CatalogPresence.LISTED),
                name -> name.equals("web") ? webChanged : null);

        List<ServiceView> services = watched.snapshot().block();

        assertThat(services).extracting(ServiceView::name, ServiceView::lastChanged)
                .containsExactly(tuple("other", null), tuple("sick", null), tuple("web", webChanged));
    }
}
