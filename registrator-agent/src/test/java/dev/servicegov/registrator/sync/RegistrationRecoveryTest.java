package dev.servicegov.registrator.sync;

import static dev.servicegov.registrator.sync.FakeDocker.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.config.RegistratorProperties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the Consul agent lost, found by the agent watch; and a restart of the registrator itself. */
class RegistrationRecoveryTest extends RegistrationEngineFixture {

    @Test
    void servicesTheAgentLostAreRegisteredAgainAtTheNextWatchEvenInMaintenance() throws Exception {
        ContainerInfo web = docker.running.get(WEB);
        docker.running.put(WEB, with(web, true, null, web.networks()));
        started();
        consul.services.clear();
        consul.maintenance.clear();
        clock.advance(Duration.ofMillis(500));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("not yet due").isEmpty();
        clock.advance(Duration.ofMillis(600));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("register " + WEB_SERVICE, "maintenance " + WEB_SERVICE + " true");
        clock.advance(Duration.ofMillis(1100));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("nothing lost, nothing written").hasSize(2);
    }

    @Test
    void aRestartedAgentRegistersAgainOnlyWhatChangedAndConfirmsTheRest() throws Exception {
        ContainerInfo moved = container("bbb", "moved-1", "172.17.0.3", Map.of(), 9000);
        ContainerInfo healthy = with(container("ccc", "healthy-1", "172.17.0.4", Map.of(), 7000), false, "healthy", Map.of("bridge", "172.17.0.4"));
        add(moved);
        add(healthy);
        started();
        add(with(moved, false, null, Map.of("bridge", "172.17.0.9")));
        consul.ttl.clear();

        engine = restartedAgent();
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);

        assertThat(consul.writes).as("no registration for what the registry holds as it should be").containsExactlyInAnyOrder(
                "register node1:moved-1:9000",
                "maintenance " + WEB_SERVICE + " false", "maintenance node1:healthy-1:7000 false",
                "ttl node1:healthy-1:7000 passing");
        assertThat(consul.services.get("node1:moved-1:9000").address()).isEqualTo("172.17.0.9");
        assertThat(engine.registrations()).extracting(ServiceDefinition::id)
                .containsExactly("node1:healthy-1:7000", "node1:moved-1:9000", WEB_SERVICE);
        consul.writes.clear();
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("the next resync: the TTL status re-sent, nothing else")
                .containsExactly("ttl node1:healthy-1:7000 passing");
    }

    @ParameterizedTest(name = "registry keeps fingerprints: {0}")
    @ValueSource(booleans = {true, false})
    void aServiceIdTwoContainersClaimStaysWithTheOneTheRegistryHoldsItForAcrossARestartOfTheAgent(boolean fingerprints)
            throws Exception {
        consul.keepsNoFingerprints = !fingerprints;
        docker.running.clear();
        // b-1 holds it: a-1, whose name sorts first, started while b-1 was registered
        add(container("bbb", "b-1", "172.17.0.3", Map.of("SERVICE_ID", "shop"), 80));
        started();
        add(container("aaa", "a-1", "172.17.0.2", Map.of("SERVICE_ID", "shop"), 80));
        engine.submit(new WorkItem.ContainerEvent("start", "aaa0000000000000000", null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services.get("shop").containerName()).isEqualTo("b-1");

        engine = restartedAgent();
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        assertThat(consul.services.get("shop").containerName()).as("not handed to a-1 by a restart").isEqualTo("b-1");
        if (fingerprints) {
            assertThat(consul.writes).as("nor written again").doesNotContain("register shop");
        }
    }

    @Test
    void aContainerUnpausedWhileTheAgentWasDownLeavesMaintenanceWhenTheAgentIsBack() throws Exception {
        ContainerInfo web = docker.running.get(WEB);
        docker.running.put(WEB, with(web, true, null, web.networks()));
        started();
        assertThat(consul.maintenance).containsKey(WEB_SERVICE);
        docker.running.put(WEB, web);

        engine = restartedAgent();
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);

        assertThat(consul.writes).containsExactly("maintenance " + WEB_SERVICE + " false");
        assertThat(consul.maintenance).isEmpty();
    }

    @Test
    void aRestartedAgentLeavesTheStatusOfATtlCheckTheApplicationSetsAlone() throws Exception {
        add(container("bbb", "app-1", "172.17.0.3", Map.of("SERVICE_CHECK_TTL", "30s", "SERVICE_CHECK_INITIAL_STATUS", "passing"), 9000));
        started();
        consul.ttl.put("node1:app-1:9000", "critical");

        engine = restartedAgent();
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);

        assertThat(consul.writes).as("only the maintenance confirmations: no status over the application's")
                .containsExactlyInAnyOrder("maintenance " + WEB_SERVICE + " false", "maintenance node1:app-1:9000 false");
        assertThat(consul.ttl).containsEntry("node1:app-1:9000", "critical");
    }

    @Test
    void heartbeatsToAnUnreachableRegistryCostOneTimeoutAPassNotOneACheck() throws Exception {
        for (int i = 1; i <= 3; i++) {
            add(container("bb" + i, "app-" + i, "172.17.0." + (10 + i), Map.of("SERVICE_CHECK_TTL", "30s",
                    "SERVICE_CHECK_TTL_REFRESH", "10s"), 9000));
        }
        started();
        consul.unreachable = true;
        consul.calls.clear();

        clock.advance(Duration.ofSeconds(10));
        engine.runOnce(NO_WAIT);
        assertThat(consul.calls.stream().filter(call -> call.startsWith("ttl "))).as("heartbeats tried").hasSize(1);

        consul.unreachable = false;
        consul.writes.clear();
        clock.advance(Duration.ofSeconds(1));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("all three once it answers").containsExactlyInAnyOrder(
                "ttl node1:app-1:9000 passing", "ttl node1:app-2:9000 passing", "ttl node1:app-3:9000 passing");
    }

    @Test
    void aRefreshedTtlCheckKeepsItsHeartbeatWhenTheMaintenanceWriteAfterItsRegistrationFailed() throws Exception {
        ContainerInfo paused = with(container("bbb", "app-1", "172.17.0.3", Map.of("SERVICE_CHECK_TTL", "30s",
                "SERVICE_CHECK_TTL_REFRESH", "10s"), 9000), true, null, Map.of("bridge", "172.17.0.3"));
        add(paused);
        consul.failOnce.add("maintenance node1:app-1:9000 true");
        started();
        assertThat(consul.maintenance).as("the failed write").doesNotContainKey("node1:app-1:9000");
        clock.advance(Duration.ofSeconds(3));
        engine.runOnce(NO_WAIT);
        assertThat(consul.maintenance).as("retried").containsKey("node1:app-1:9000");
        add(with(paused, false, null, paused.networks()));
        engine.submit(new WorkItem.ContainerEvent("unpause", "bbb0000000000000000", null));
        engine.runOnce(NO_WAIT);
        consul.writes.clear();

        clock.advance(Duration.ofSeconds(10));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("the heartbeat").contains("ttl node1:app-1:9000 passing");
    }

    @Test
    void theSyncThreadOutlivesAnErrorThatIsNoException() {
        consul.errorOnce.put("register " + WEB_SERVICE, new NoClassDefFoundError("a class missing from the image"));
        engine.start("node1", null);
        try {
            await("the service registered after the error").atMost(Duration.ofSeconds(10))
                    .until(() -> consul.services.containsKey(WEB_SERVICE));
            assertThat(meters.counter("registrator.errors", "kind", "internal").count()).isEqualTo(1);
        } finally {
            engine.stop();
        }
    }

    @Test
    void underDeregisterOnSuccessARestartedAgentKeepsTheServicesOfAContainerThatExitedWithAFailureUntilItIsRemoved()
            throws Exception {
        engine = newEngine(RegistratorProperties.DeregisterMode.ON_SUCCESS, true, Duration.ofSeconds(1));
        add(container("bbb", "done-1", "172.17.0.3", Map.of(), 9000));
        add(container("ccc", "stopped-1", "172.17.0.4", Map.of(), 9000));
        started();
        // all exit while no agent runs: web-1 with a failure, done-1 cleanly, stopped-1 on docker stop's SIGTERM
        docker.running.remove(WEB);
        docker.running.remove("bbb0000000000000000");
        docker.running.remove("ccc0000000000000000");
        docker.exited.put(WEB, 1);
        docker.exited.put("bbb0000000000000000", 0);
        docker.exited.put("ccc0000000000000000", 143);

        engine = newEngine(RegistratorProperties.DeregisterMode.ON_SUCCESS, true, Duration.ofSeconds(1));
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("kept: web-1 failed; gone: done-1 succeeded, stopped-1 was stopped")
                .containsExactlyInAnyOrder("deregister node1:done-1:9000", "deregister node1:stopped-1:9000");
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).as("still kept at the next reconcile").containsKey(WEB_SERVICE);

        docker.exited.remove(WEB);
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("removed while no event told the agent: the reconcile finds it gone")
                .hasSize(3).endsWith("deregister " + WEB_SERVICE);
    }

    @Test
    void underDeregisterOnSuccessARestartedAgentThatCannotInspectAnExitedContainerKeepsItsServicesUntilItCan()
            throws Exception {
        engine = newEngine(RegistratorProperties.DeregisterMode.ON_SUCCESS, true, Duration.ofSeconds(1));
        started();
        docker.running.remove(WEB);

        engine = newEngine(RegistratorProperties.DeregisterMode.ON_SUCCESS, true, Duration.ofSeconds(1));
        engine.init("node1", null);
        docker.failInspections = true;
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("not removed on a guess").isEmpty();

        docker.failInspections = false;
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("the engine says it is gone").containsExactly("deregister " + WEB_SERVICE);
    }

    @Test
    void underDeregisterAlwaysARestartedAgentRemovesTheServicesOfAContainerThatExitedWithAFailure() throws Exception {
        started();
        docker.running.remove(WEB);
        docker.exited.put(WEB, 1);

        engine = restartedAgent();
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("deregister " + WEB_SERVICE);
        assertThat(docker.inspected).as("no container inspected for it").isEmpty();
    }

    /** Docker failing at a restarted agent's first listing: the registry's services are no orphans on a guess. */
    @Test
    void aRestartedAgentRemovesNothingUntilDockerHasListedItsContainers() throws Exception {
        started();
        engine = restartedAgent();
        engine.init("node1", null);
        docker.down = true;
        engine.runOnce(NO_WAIT);
        clock.advance(Duration.ofSeconds(2));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("web-1 may well run").isEmpty();
        assertThat(consul.services).containsOnlyKeys(WEB_SERVICE);

        docker.down = false;
        docker.running.remove(WEB);
        clock.advance(Duration.ofSeconds(6));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("listed now: gone").containsExactly("deregister " + WEB_SERVICE);
    }

    @Test
    void noAgentWatchWhenTurnedOff() throws Exception {
        engine = newEngine(RegistratorProperties.DeregisterMode.ALWAYS, true, Duration.ZERO);
        started();
        consul.services.clear();
        clock.advance(Duration.ofSeconds(5));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).isEmpty();
    }
}
