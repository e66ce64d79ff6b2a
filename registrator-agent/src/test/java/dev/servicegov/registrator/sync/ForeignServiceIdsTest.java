package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.registry.ForeignService;

import org.junit.jupiter.api.Test;

class ForeignServiceIdsTest {

    static final ServiceDefinition SHOP = new ServiceDefinition("shop-1", "shop", "172.17.0.5", 8080, List.of(), Map.of(),
            null, "c1", "shop", "image");
    static final ServiceDefinition WEB = new ServiceDefinition("node1:web:80", "web", "172.17.0.6", 80, List.of(), Map.of(),
            null, "c2", "web", "image");
    static final ForeignService HAND = new ForeignService("someone else", false, "10.0.0.9", 80);

    final ForeignServiceIds ids = new ForeignServiceIds();
    final List<String> givenUp = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    Map<String, ServiceDefinition> free(Map<String, ForeignService> foreign) {
        return ids.free(Map.of(SHOP.id(), SHOP, WEB.id(), WEB), foreign, givenUp::add, warnings::add);
    }

    @Test
    void anIdHeldByOthersIsNeitherRegisteredNorDeregisteredAndSaidOnceUntilItIsFree() {
        assertThat(free(Map.of("shop-1", HAND, "gone-1", HAND))).containsOnlyKeys(WEB.id());
        assertThat(givenUp).containsExactlyInAnyOrder("shop-1", "gone-1");
        assertThat(free(Map.of("shop-1", HAND))).containsOnlyKeys(WEB.id());
        assertThat(warnings).singleElement().asString().contains("'shop-1'", "container 'shop'", "someone else",
                "10.0.0.9:80", "SERVICE_ID");

        assertThat(free(Map.of())).containsOnlyKeys(WEB.id(), SHOP.id());
        free(Map.of("shop-1", HAND));
        assertThat(warnings).as("held again: said again").hasSize(2);
    }

    @Test
    void theSameInstanceAnotherToolRegisteredIsTakenOver() {
        assertThat(free(Map.of("shop-1", new ForeignService("someone else", false, "172.17.0.5", 8080))))
                .containsOnlyKeys(WEB.id(), SHOP.id());
        assertThat(givenUp).isEmpty();
        assertThat(warnings).isEmpty();
    }
}
