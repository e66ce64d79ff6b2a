package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.ServiceDefinition;

import org.junit.jupiter.api.Test;

/** Two containers given the same {@code SERVICE_ID}: one keeps it, for good reasons, and it is said once. */
class ServiceIdClaimsTest {

    private final ServiceIdClaims claims = new ServiceIdClaims();
    private final List<String> warnings = new ArrayList<>();

    private static ServiceDefinition service(String id, String containerId, String containerName) {
        return new ServiceDefinition(id, "shop", "10.0.0.1", 8080, List.of(), Map.of(), null, containerId, containerName,
                "label SERVICE_NAME");
    }

    @Test
    void distinctIdsAreAllWanted() {
        Map<String, ServiceDefinition> wanted = claims.wanted(List.of(List.of(service("a", "c1", "one")),
                List.of(service("b", "c2", "two"))), service -> false, warnings::add);
        assertThat(wanted).containsOnlyKeys("a", "b");
        assertThat(warnings).isEmpty();
    }

    @Test
    void withoutAHolderTheContainerWhoseNameSortsFirstKeepsTheIdWhateverTheOrder() {
        ServiceDefinition one = service("shop", "c1", "one");
        ServiceDefinition two = service("shop", "c2", "two");
        assertThat(claims.wanted(List.of(List.of(two), List.of(one)), service -> false, warnings::add)).containsExactly(
                Map.entry("shop", one));
        assertThat(new ServiceIdClaims().wanted(List.of(List.of(one), List.of(two)), service -> false, warning -> { }))
                .containsExactly(Map.entry("shop", one));
        assertThat(warnings).singleElement().asString().contains("'shop'", "'one'", "'two'", "SERVICE_ID");
    }

    @Test
    void theContainerTheRegistryHoldsItForKeepsIt() {
        ServiceDefinition one = service("shop", "c1", "one");
        ServiceDefinition two = service("shop", "c2", "two");
        assertThat(claims.wanted(List.of(List.of(one), List.of(two)), service -> service.containerId().equals("c2"), warnings::add))
                .containsExactly(Map.entry("shop", two));
    }

    @Test
    void aConflictIsSaidOnceWhileItLastsAndAgainWhenItComesBack() {
        List<List<ServiceDefinition>> conflicting = List.of(List.of(service("shop", "c1", "one")),
                List.of(service("shop", "c2", "two")));
        claims.wanted(conflicting, service -> false, warnings::add);
        claims.wanted(conflicting, service -> false, warnings::add);
        assertThat(warnings).hasSize(1);
        claims.wanted(List.of(List.of(service("shop", "c1", "one"))), service -> false, warnings::add);
        claims.wanted(conflicting, service -> false, warnings::add);
        assertThat(warnings).hasSize(2);
    }

    @Test
    void oneContainerSeenTwiceIsNoConflict() {
        ServiceDefinition first = service("shop", "c1", "one");
        assertThat(claims.wanted(List.of(List.of(first), List.of(service("shop", "c1", "one"))), service -> false,
                warnings::add)).containsOnlyKeys("shop");
        assertThat(warnings).isEmpty();
    }
}
