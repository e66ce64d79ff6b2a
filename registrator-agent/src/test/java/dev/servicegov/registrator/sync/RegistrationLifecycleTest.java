package dev.servicegov.registrator.sync;

import static dev.servicegov.registrator.sync.FakeDocker.container;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.config.RegistratorProperties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lifecycle events (stop, kill, pause, health, network) and the deregister / cleanup options. */
class RegistrationLifecycleTest extends RegistrationEngineFixture {

    @ParameterizedTest
    @CsvSource({"kill, 15", "kill, 9", "kill, 2", "kill, SIGTERM", "kill, SIGKILL", "stop, "})
    void stoppingEventsDeregisterAtOnceAndDieDestroyAreIdempotent(String action, String signal) throws Exception {
        started();
        engine.submit(new WorkItem.ContainerEvent(action, WEB, signal));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("deregister " + WEB_SERVICE);
        docker.running.remove(WEB);
        engine.submit(new WorkItem.ContainerEvent("die", WEB, null, "137"));
        engine.submit(new WorkItem.ContainerEvent("destroy", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("nothing more to do").hasSize(1);
    }

    static ContainerInfo withStopSignal(ContainerInfo c, String stopSignal) {
        return new ContainerInfo(c.id(), c.name(), c.image(), c.labels(), c.env(), c.networks(), c.ports(), null, false,
                null, Map.of(), stopSignal);
    }

    @Test
    void aKillWithTheContainersOwnStopSignalDeregistersItBeforeItDies() throws Exception {
        started();
        ContainerInfo nginx = withStopSignal(container("ngx", "nginx-1", "172.17.0.3", Map.of(), 80), "SIGQUIT");
        add(nginx);
        engine.submit(new WorkItem.ContainerEvent("start", nginx.id(), null));
        engine.runOnce(NO_WAIT);
        consul.writes.clear();

        engine.submit(new WorkItem.ContainerEvent("kill", WEB, "3"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("SIGQUIT is not how web-1 is stopped").isEmpty();
        engine.submit(new WorkItem.ContainerEvent("kill", nginx.id(), "3"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("deregister node1:nginx-1:80");
        docker.running.remove(nginx.id());
        engine.submit(new WorkItem.ContainerEvent("die", nginx.id(), null, "0"));
        engine.submit(new WorkItem.ContainerEvent("stop", nginx.id(), null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("nothing more to do").hasSize(1);
        assertThat(consul.services).containsOnlyKeys(WEB_SERVICE);
    }

    void onSuccess() {
        engine = newEngine(RegistratorProperties.DeregisterMode.ON_SUCCESS, true, Duration.ofSeconds(1));
    }

    @Test
    void onSuccessAStoppingKillDrainsTheServicesAndAFailedExitKeepsThemInMaintenanceUntilARestart() throws Exception {
        onSuccess();
        started();
        ContainerInfo web = docker.running.get(WEB);
        engine.submit(new WorkItem.ContainerEvent("kill", WEB, "15"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("maintenance " + WEB_SERVICE + " true");
        assertThat(consul.maintenance).containsEntry(WEB_SERVICE, "container web-1 is stopping (registrator-agent)");

        docker.running.remove(WEB);
        docker.exited.put(WEB, 1);
        engine.submit(new WorkItem.ContainerEvent("die", WEB, null, "1"));
        engine.submit(new WorkItem.ContainerEvent("stop", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("the process is dead: still registered, still in maintenance, kept by Consul")
                .containsExactly("maintenance " + WEB_SERVICE + " true", "register " + WEB_SERVICE,
                        "maintenance " + WEB_SERVICE + " true");
        assertThat(consul.services).containsOnlyKeys(WEB_SERVICE);
        assertThat(consul.services.get(WEB_SERVICE).check().deregisterCriticalServiceAfter()).isNull();
        assertThat(consul.maintenance).containsKey(WEB_SERVICE);
        consul.writes.clear();
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("kept across a resync, not written again").isEmpty();

        docker.exited.remove(WEB);
        docker.running.put(WEB, web);
        engine.submit(new WorkItem.ContainerEvent("start", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("mapped afresh at its start")
                .containsExactly("register " + WEB_SERVICE, "maintenance " + WEB_SERVICE + " false");
        assertThat(consul.services.get(WEB_SERVICE).check().deregisterCriticalServiceAfter()).isNotNull();
        assertThat(consul.maintenance).isEmpty();
    }

    @Test
    void onSuccessAFailedExitTurnsTheTtlCheckTheAgentKeepsPassingCritical() throws Exception {
        onSuccess();
        add(container("bbb", "app-1", "172.17.0.3", Map.of("SERVICE_CHECK_TTL", "30s", "SERVICE_CHECK_TTL_REFRESH", "10s"),
                9000));
        started();
        assertThat(consul.services.get("node1:app-1:9000").check().status()).isEqualTo("passing");

        docker.running.remove("bbb0000000000000000");
        docker.exited.put("bbb0000000000000000", 1);
        engine.submit(new WorkItem.ContainerEvent("die", "bbb0000000000000000", null, "1"));
        engine.runOnce(NO_WAIT);
        clock.advance(Duration.ofSeconds(10));
        engine.runOnce(NO_WAIT);

        assertThat(consul.services).containsKey("node1:app-1:9000");
        assertThat(consul.ttl).as("nothing runs: not passing any more").containsEntry("node1:app-1:9000", "critical");
    }

    @ParameterizedTest(name = "deregister={0}")
    @CsvSource({"ALWAYS, deregister", "ON_SUCCESS, maintenance"})
    void aResyncOrAHealthEventWhileAContainerShutsDownDoesNotPutItBackInRotation(
            RegistratorProperties.DeregisterMode mode, String drained) throws Exception {
        engine = newEngine(mode, true, Duration.ofSeconds(1));
        started();
        engine.submit(new WorkItem.ContainerEvent("kill", WEB, "15"));
        engine.runOnce(NO_WAIT);
        List<String> atKill = List.copyOf(consul.writes);
        assertThat(atKill).singleElement().asString().startsWith(drained);

        // the Docker engine still lists it as running while its process shuts down
        clock.advance(Duration.ofSeconds(8));
        engine.submit(new WorkItem.Resync("test"));
        engine.submit(new WorkItem.ContainerEvent("health_status: healthy", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("still out of rotation").isEqualTo(atKill);

        // a process that ignores the signal serves again, at the latest after STOPPING_AT_MOST
        clock.advance(ContainerStops.STOPPING_AT_MOST);
        engine.submit(new WorkItem.Resync("test"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).hasSize(2);
        assertThat(consul.services).containsOnlyKeys(WEB_SERVICE);
        assertThat(consul.maintenance).isEmpty();
    }

    @Test
    void aContainerStartedAgainAfterAStoppingKillServesAgain() throws Exception {
        started();
        engine.submit(new WorkItem.ContainerEvent("kill", WEB, "15"));
        engine.runOnce(NO_WAIT);
        // no die in between (an event missed while the stream was cut): the start alone puts it back
        engine.submit(new WorkItem.ContainerEvent("start", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("deregister " + WEB_SERVICE, "register " + WEB_SERVICE);
    }

    @Test
    void onSuccessAContainerDrainedAtItsKillLeavesOnceItExitsWithZero() throws Exception {
        onSuccess();
        started();
        engine.submit(new WorkItem.ContainerEvent("kill", WEB, "15"));
        engine.runOnce(NO_WAIT);
        docker.running.remove(WEB);
        engine.submit(new WorkItem.ContainerEvent("die", WEB, null, "0"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("maintenance " + WEB_SERVICE + " true", "deregister " + WEB_SERVICE);
        assertThat(consul.services).isEmpty();
    }

    @Test
    void pauseAndUnpauseToggleMaintenanceWithoutReRegistering() throws Exception {
        started();
        ContainerInfo web = docker.running.get(WEB);
        docker.running.put(WEB, with(web, true, null, web.networks()));
        engine.submit(new WorkItem.ContainerEvent("pause", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("maintenance " + WEB_SERVICE + " true");
        assertThat(consul.maintenance.get(WEB_SERVICE)).contains("paused");
        assertThat(consul.services).containsKey(WEB_SERVICE);

        docker.running.put(WEB, web);
        engine.submit(new WorkItem.ContainerEvent("unpause", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("maintenance " + WEB_SERVICE + " true", "maintenance " + WEB_SERVICE + " false");
        assertThat(consul.maintenance).isEmpty();
    }

    @Test
    void dockerHealthVerdictDrivesTheTtlCheckWithoutReRegisteringAndIsReassertedEachResync() throws Exception {
        ContainerInfo web = docker.running.get(WEB);
        docker.running.put(WEB, with(web, false, "starting", web.networks()));
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        assertThat(consul.services.get(WEB_SERVICE).check()).satisfies(check -> {
            assertThat(check.type()).isEqualTo("docker");
            assertThat(check.status()).isEqualTo("warning");
            assertThat(check.target()).isEqualTo("90s");
        });
        consul.writes.clear();
        docker.running.put(WEB, with(web, false, "healthy", web.networks()));
        engine.submit(new WorkItem.ContainerEvent("health_status: healthy", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("ttl " + WEB_SERVICE + " passing");
        assertThat(meters.counter("registrator.events", "type", "health_status").count()).isEqualTo(1);

        docker.running.put(WEB, with(web, false, "unhealthy", web.networks()));
        engine.submit(new WorkItem.ContainerEvent("health_status: unhealthy", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.ttl).containsEntry(WEB_SERVICE, "critical");

        consul.writes.clear();
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("re-asserted before its TTL runs out").containsExactly("ttl " + WEB_SERVICE + " critical");
    }

    @Test
    void networkConnectAndDisconnectReEvaluateTheAddress() throws Exception {
        started();
        ContainerInfo web = docker.running.get(WEB);
        docker.running.put(WEB, with(web, false, null, Map.of("aaa-net", "10.1.0.7", "bridge", "172.17.0.2")));
        engine.submit(new WorkItem.ContainerEvent("connect", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services.get(WEB_SERVICE).address()).isEqualTo("10.1.0.7");
        docker.running.put(WEB, with(web, false, null, Map.of()));
        engine.submit(new WorkItem.ContainerEvent("disconnect", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).isEmpty();
    }

    @Test
    void aRenamedContainerMovesToTheIdOfItsNewNameAtOnce() throws Exception {
        started();
        ContainerInfo web = docker.running.get(WEB);
        docker.running.put(WEB, new ContainerInfo(web.id(), "web-renamed", web.image(), web.labels(), web.env(),
                web.networks(), web.ports()));
        engine.submit(new WorkItem.ContainerEvent("rename", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsOnlyKeys("node1:web-renamed:8080");
        assertThat(consul.services.get("node1:web-renamed:8080").meta()).containsEntry("container-name", "web-renamed");
        assertThat(consul.writes).as("registered under the new id before the old one leaves: never out of rotation")
                .endsWith("register node1:web-renamed:8080", "deregister " + WEB_SERVICE);
    }

    @Test
    void onSuccessKeepsTheServicesOfAFailedContainerUntilItIsRemoved() throws Exception {
        onSuccess();
        add(container("bbb", "ok-1", "172.17.0.3", Map.of(), 9000));
        started();
        engine.submit(new WorkItem.ContainerEvent("kill", WEB, "15"));
        docker.running.remove(WEB);
        docker.exited.put(WEB, 1);
        engine.submit(new WorkItem.ContainerEvent("die", WEB, null, "1"));
        docker.running.remove("bbb0000000000000000");
        docker.exited.put("bbb0000000000000000", 0);
        engine.submit(new WorkItem.ContainerEvent("die", "bbb0000000000000000", null, "0"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsOnlyKeys(WEB_SERVICE);
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).as("kept across a resync").containsOnlyKeys(WEB_SERVICE);
        docker.exited.remove(WEB);
        engine.submit(new WorkItem.ContainerEvent("destroy", WEB, null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).isEmpty();
    }

    @Test
    void withoutCleanupOrphansOfAnEarlierRunStay() throws Exception {
        consul.services.put("node1:old:80", new ServiceDefinition("node1:old:80", "old", "172.17.0.9", 80, List.of(),
                Map.of("registrator-node", "node1", "registered-by", "registrator-agent"), null, "x", "old", "image"));
        engine = newEngine(RegistratorProperties.DeregisterMode.ALWAYS, false, Duration.ofSeconds(1));
        started();
        assertThat(consul.services).containsOnlyKeys("node1:old:80", WEB_SERVICE);
    }

    @Test
    void ttlChecksTheContainerAsksForAreHeartbeatedAsPassing() throws Exception {
        add(container("ttt", "beat", "172.17.0.8", Map.of("SERVICE_CHECK_TTL", "20s", "SERVICE_CHECK_TTL_REFRESH", "true"), 7000));
        started();
        clock.advance(Duration.ofSeconds(9));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactly("ttl node1:beat:7000 passing");
        consul.down = true;
        clock.advance(Duration.ofSeconds(10));
        engine.runOnce(NO_WAIT);
        consul.down = false;
        clock.advance(Duration.ofSeconds(1));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("a failed heartbeat is retried a second later").containsExactly("ttl node1:beat:7000 passing",
                "ttl node1:beat:7000 passing");
    }
}
