package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.reactive.function.client.WebClient;

class HealthWatchRegistryTest {

    /** Nothing listens on port 1 of loopback: every query fails at once. */
    private final ConsulClient unreachable = new ConsulClient(WebClient.create(), JsonMapper.builder().build(),
            "http://127.0.0.1:1", "", "stale");

    private final WatchTiming timing = new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));

    @Test
    void aWatchStartsOnFirstUseAndStopsWhenUnused() throws InterruptedException {
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, (service, instances) -> { });

        assertThat(registry.existing("web")).isEmpty();
        HealthWatch watch = registry.watch("web");
        assertThat(registry.watch("web")).isSameAs(watch);
        assertThat(registry.existing("web")).containsSame(watch);

        registry.stopIdle();
        assertThat(registry.existing("web")).as("used a moment ago").isPresent();
        Thread.sleep(400);
        registry.stopIdle();
        assertThat(registry.existing("web")).as("unused for longer than the idle timeout").isEmpty();
    }

    @Test
    void everyServiceInTheCatalogIsWatchedUnrequestedUntilItLeaves() throws InterruptedException {
        List<String> gone = new ArrayList<>();
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, new InstanceListListener() {
            @Override
            public void changed(String service, List<ServiceInstance> instances) {
            }

            @Override
            public void gone(String service) {
                gone.add(service);
            }
        });
        registry.followCatalog(Set.of("web", "api"), true);
        assertThat(registry.existing("web")).as("not before the registry runs").isEmpty();

        registry.start();
        assertThat(registry.existing("web")).isPresent();
        assertThat(registry.existing("api")).isPresent();
        Thread.sleep(400);
        registry.stopIdle();
        assertThat(registry.existing("web")).as("in the catalog: watched although never requested").isPresent();

        registry.followCatalog(Set.of("web", "cart"), true);
        assertThat(registry.existing("cart")).as("new in the catalog").isPresent();
        assertThat(registry.existing("api")).as("left the catalog: no longer watched, at once").isEmpty();
        assertThat(gone).containsExactly("api");
        assertThat(registry.existing("web")).isPresent();
        registry.stop();
    }

    @Test
    void aRequestedServiceThatLeavesTheCatalogIsNoLongerWatchedAtOnce() {
        List<String> gone = new ArrayList<>();
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, new InstanceListListener() {
            @Override
            public void changed(String service, List<ServiceInstance> instances) {
            }

            @Override
            public void gone(String service) {
                gone.add(service);
            }
        });
        registry.start();
        registry.followCatalog(Set.of("web", "api"), false);
        assertThat(registry.existing("web")).as("only requested services are watched").isEmpty();
        registry.watch("web");
        registry.watch("fresh");

        registry.followCatalog(Set.of("api"), false);

        assertThat(registry.existing("web")).as("requested a moment ago, but gone from the catalog").isEmpty();
        assertThat(registry.existing("fresh")).as("never in the catalog (registered after its last answer): the idle rule")
                .isPresent();
        assertThat(gone).containsExactly("web");
        registry.stop();
    }

    @Test
    void withoutAnyAnswerARequestGetsNoInstancesAfterTheFirstAnswerTimeout() {
        List<String> changes = new ArrayList<>();
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, (service, instances) -> changes.add(service));
        HealthWatch watch = registry.watch("web");

        assertThat(watch.instances().block(Duration.ofSeconds(2))).isEmpty();
        assertThat(watch.lastError()).isNotNull();
        assertThat(changes).isEmpty();
        registry.stop();
    }

    @Test
    void afterStopAWatchStartsNoQueryAndServesTheLastKnownInstances() throws InterruptedException {
        AtomicInteger queries = new AtomicInteger();
        ConsulClient counted = new ConsulClient(WebClient.builder().filter((request, next) -> {
            queries.incrementAndGet();
            return next.exchange(request);
        }).build(), JsonMapper.builder().build(), "http://127.0.0.1:1", "", "stale");
        HealthWatchRegistry registry = new HealthWatchRegistry(counted, timing, (service, instances) -> { });
        registry.start();
        ServiceInstance web1 = new DefaultServiceInstance("web-1", "web", "10.0.0.5", 8080, false);
        registry.watch("web").accept(new ConsulAnswer<>(List.of(web1), 7, true));

        registry.stop();
        Thread.sleep(50);
        int queriesAtStop = queries.get();
        HealthWatch web = registry.watch("web");
        HealthWatch unwatched = registry.watch("api");
        Thread.sleep(300);

        assertThat(queries).as("Consul queries after stop").hasValue(queriesAtStop);
        assertThat(web.instances().block(Duration.ofMillis(50))).as("the last known list").containsExactly(web1);
        assertThat(unwatched.instances().block(Duration.ofMillis(50))).as("no list known, at once").isEmpty();
        assertThat(registry.existing("api")).as("no watch registered after stop").isEmpty();
    }

    @Test
    void pastTheBoundAServiceIsReadOnRequestAtMostOnceASecondNotWatched() {
        AtomicInteger apiQueries = new AtomicInteger();
        ConsulClient counted = new ConsulClient(WebClient.builder().filter((request, next) -> {
            if (request.url().getPath().endsWith("/service/api")) {
                apiQueries.incrementAndGet();
            }
            return next.exchange(request);
        }).build(), JsonMapper.builder().build(), "http://127.0.0.1:1", "", "stale");
        HealthWatchRegistry registry = new HealthWatchRegistry(counted, timing, (service, instances) -> { }, () -> true, 1);
        registry.start();
        registry.watch("web");

        HealthWatch api = registry.watch("api");
        assertThat(api.instances().block(Duration.ofSeconds(2))).as("Consul unreachable, nothing known").isEmpty();
        registry.watch("api");
        registry.watch("api");

        assertThat(registry.all()).as("watched").extracting(HealthWatch::service).containsExactly("web");
        assertThat(registry.existing("api")).as("its last read").containsSame(api);
        assertThat(apiQueries).as("queries about api within a second").hasValue(1);
        registry.stop();
    }

    @Test
    void withEveryServiceWatchedOnlyAsManyAsTheBoundAreAndARequestForAnotherIsARead() {
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, (service, instances) -> { }, () -> true, 3);
        registry.start();

        registry.followCatalog(Set.of("a", "b", "c", "d", "e"), true);

        assertThat(registry.all()).hasSize(3);
        String unwatched = Set.of("a", "b", "c", "d", "e").stream().filter(name -> registry.existing(name).isEmpty())
                .findFirst().orElseThrow();
        HealthWatch read = registry.watch(unwatched);
        assertThat(registry.existing(unwatched)).as("its read").containsSame(read);
        assertThat(registry.all()).hasSize(3).doesNotContain(read);
        registry.stop();
    }

    @Test
    void aServiceReadPastTheBoundKeepsItsLastAnswerWhenItGetsAWatch() {
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, (service, instances) -> { }, () -> true, 1);
        registry.start();
        registry.followCatalog(Set.of("web", "api"), false);
        registry.watch("web");
        HealthWatch api = registry.watch("api");
        ServiceInstance api1 = new DefaultServiceInstance("api-1", "api", "10.0.0.6", 8080, false);
        api.accept(new ConsulAnswer<>(List.of(api1), 3, true));
        assertThat(registry.watched("api")).as("read, not watched").isEmpty();

        registry.followCatalog(Set.of("api"), false);
        HealthWatch watched = registry.watch("api");

        assertThat(registry.watched("api")).as("watched once web left").containsSame(watched);
        assertThat(watched.current()).as("the last answer read, Consul being unreachable").containsExactly(api1);
        registry.stop();
    }
}
