package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SyncPlannerTest {

    static ServiceDefinition service(String id, String address) {
        return new ServiceDefinition(id, "n", address, 80, List.of(), Map.of(), null, "c", "c", "image");
    }

    static Map<String, ServiceDefinition> byId(ServiceDefinition... services) {
        Map<String, ServiceDefinition> map = new HashMap<>();
        for (ServiceDefinition service : services) {
            map.put(service.id(), service);
        }
        return map;
    }

    @Test
    void nothingChangedNothingWritten() {
        var a = service("a", "10.0.0.1");
        assertThat(SyncPlanner.plan(byId(a), byId(a), Set.of("a")).isEmpty()).isTrue();
        assertThat(SyncPlanner.plan(byId(a), byId(a), null).isEmpty()).isTrue();
    }

    @Test
    void newAndChangedAreRegistered() {
        var a = service("a", "10.0.0.1");
        var b = service("b", "10.0.0.2");
        SyncPlan plan = SyncPlanner.plan(byId(a, b), byId(service("a", "10.0.0.9")), Set.of("a"));
        assertThat(plan.toRegister()).containsExactly(a, b);
        assertThat(plan.toDeregister()).isEmpty();
    }

    @Test
    void missingFromRegistryIsReRegistered() {
        var a = service("a", "10.0.0.1");
        assertThat(SyncPlanner.plan(byId(a), byId(a), Set.of()).toRegister()).containsExactly(a);
    }

    @Test
    void goneContainersAndOwnedOrphansAreDeregistered() {
        var a = service("a", "10.0.0.1");
        SyncPlan plan = SyncPlanner.plan(byId(a), byId(a, service("gone", "10.0.0.3")), Set.of("a", "orphan"));
        assertThat(plan.toRegister()).isEmpty();
        assertThat(plan.toDeregister()).containsExactly("gone", "orphan");
    }

    @Test
    void unknownRegistryStillDeregistersWhatWeWrote() {
        SyncPlan plan = SyncPlanner.plan(Map.of(), byId(service("gone", "10.0.0.3")), null);
        assertThat(plan.toDeregister()).containsExactly("gone");
    }

    @Test
    void aTtlStatusOrMaintenanceChangeIsAnUpdateNotARegistration() {
        var check = new CheckDefinition("docker", "90s", null, null, "1m", "warning", null, false, "30s");
        var starting = new ServiceDefinition("a", "n", "10.0.0.1", 80, List.of(), Map.of(), check, "c", "c", "image");
        var healthy = new ServiceDefinition("a", "n", "10.0.0.1", 80, List.of(), Map.of(), check.withStatus("passing"), "c", "c", "image");
        SyncPlan plan = SyncPlanner.plan(byId(healthy), byId(starting), Set.of("a"));
        assertThat(plan.toRegister()).isEmpty();
        assertThat(plan.toUpdate()).containsExactly(healthy);
        assertThat(SyncPlanner.plan(byId(healthy.withMaintenance("paused")), byId(healthy), Set.of("a")).toUpdate()).hasSize(1);
        assertThat(SyncPlanner.plan(byId(healthy), byId(starting), Set.of()).toRegister()).as("lost: registered again").containsExactly(healthy);
    }

    @Test
    void withoutCleanupOnlyWhatThisRunWroteIsDeregistered() {
        var a = service("a", "10.0.0.1");
        SyncPlan plan = SyncPlanner.plan(Map.of(), byId(a), Set.of("a", "orphan"), false);
        assertThat(plan.toDeregister()).containsExactly("a");
    }

    @Test
    void aServiceUnderANewIdOfTheSameInstanceReplacesItsOldIdInsteadOfLeavingFirst() {
        var before = service("node:web:80", "10.0.0.1");
        var renamed = service("node:web-2:80", "10.0.0.1");
        var otherContainer = new ServiceDefinition("node:other:80", "n", "10.0.0.1", 80, List.of(), Map.of(), null, "d", "other", "image");
        var otherPort = new ServiceDefinition("node:web:81", "n", "10.0.0.1", 81, List.of(), Map.of(), null, "c", "web", "image");
        SyncPlan plan = SyncPlanner.plan(byId(renamed), byId(before, otherContainer, otherPort),
                Set.of(before.id(), otherContainer.id(), otherPort.id()));
        assertThat(plan.toRegister()).containsExactly(renamed);
        assertThat(plan.replacing()).containsExactly(Map.entry("node:web-2:80", "node:web:80"));
        assertThat(plan.toDeregister()).as("another container's, another port's: plain removals")
                .containsExactly("node:other:80", "node:web:81");
        var moved = service("node:web-2:80", "10.0.0.2");
        assertThat(SyncPlanner.plan(byId(moved), byId(before), Set.of(before.id())).replacing())
                .as("another address: a new instance, not the same one").isEmpty();
    }
}
