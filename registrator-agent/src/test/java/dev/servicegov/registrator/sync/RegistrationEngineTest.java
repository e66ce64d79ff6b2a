package dev.servicegov.registrator.sync;

import static dev.servicegov.registrator.sync.FakeDocker.container;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.bridge.ServiceDefinition;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The engine's core: start, resync, a Consul that is down or slow, Docker failing, bursts of events, bad labels. */
class RegistrationEngineTest extends RegistrationEngineFixture {

    /** Containers stopped together with the agent ({@code docker compose down}) leave the registry with it. */
    @Test
    void whatIsQueuedWhenTheAgentStopsIsWrittenBeforeItsWorkerEnds() throws Exception {
        consul.registrationsHeld = new CountDownLatch(1);
        engine.start("node1", null);
        assertThat(consul.registrationWaiting.await(10, TimeUnit.SECONDS)).as("the first registration under way").isTrue();
        docker.running.remove(WEB);
        engine.submit(new WorkItem.ContainerEvent("die", WEB, null, "0"));

        Thread stopping = new Thread(engine::stop, "stopping");
        stopping.start();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stopping.getState() == Thread.State.TIMED_WAITING);
        consul.registrationsHeld.countDown();
        stopping.join(10_000);

        assertThat(consul.writes).containsExactly("register " + WEB_SERVICE, "deregister " + WEB_SERVICE);
    }

    @Test
    void registersRunningContainersAtStart() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsOnlyKeys("node1:web-1:8080");
        assertThat(consul.services.get("node1:web-1:8080").address()).isEqualTo("172.17.0.2");
        assertThat(engine.registrations()).extracting(ServiceDefinition::name).containsExactly("web");
        assertThat(meters.counter("registrator.registrations").count()).isEqualTo(1);
    }

    @Test
    void consulAgentNetworksKnownAtStartAndTheirChangesMoveMultiNetworkContainers() throws Exception {
        ContainerInfo multi = new ContainerInfo("ccc0000000000000000", "multi-1", "app:1", Map.of(), Map.of(),
                Map.of("alpha", "10.0.1.2", "zeta", "10.0.9.9"), List.of(new ContainerInfo.PortSpec(80, "tcp")));
        add(multi);
        engine.agentNetworks(java.util.Set.of("zeta"));
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        assertThat(consul.services.get("node1:multi-1:80").address()).as("known before the first sync").isEqualTo("10.0.9.9");

        engine.agentNetworks(java.util.Set.of("other"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services.get("node1:multi-1:80").address()).as("first by name once not shared").isEqualTo("10.0.1.2");
        int writes = consul.writes.size();
        engine.agentNetworks(java.util.Set.of("other"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("unchanged networks: nothing written").hasSize(writes);
    }

    @Test
    void startRegistersAndDieDeregisters() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        ContainerInfo api = container("bbb", "api-1", "172.17.0.3", Map.of(), 9000);
        add(api);
        engine.submit(new WorkItem.ContainerEvent("start", api.id(), null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsKey("node1:api-1:9000");

        docker.running.remove(api.id());
        engine.submit(new WorkItem.ContainerEvent("die", api.id(), null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsOnlyKeys("node1:web-1:8080");
        assertThat(meters.counter("registrator.events", "type", "start").count()).isEqualTo(1);
        assertThat(meters.counter("registrator.deregistrations").count()).isEqualTo(1);
        assertThat(meters.timer("registrator.registration.latency").count()).as("from the start event to the write").isEqualTo(1);
        assertThat(meters.get("registrator.services").gauge().value()).isEqualTo(1);
        assertThat(meters.counter("registrator.reconciles").count()).as("the one at start").isEqualTo(1);
        assertThat(meters.summary("registrator.reconcile.changes").totalAmount()).as("it registered web-1").isEqualTo(1);
    }

    @Test
    void gonePausedAndNewContainersInOneBatchLeaveRotationBeforeAnythingIsAdded() throws Exception {
        add(container("bbb", "paused-1", "172.17.0.3", Map.of(), 9000));
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        consul.writes.clear();

        docker.running.remove("aaa0000000000000000");
        ContainerInfo paused = docker.running.get("bbb0000000000000000");
        add(new ContainerInfo(paused.id(), paused.name(), paused.image(), paused.labels(), paused.env(), paused.networks(),
                paused.ports(), null, true, null));
        add(container("ccc", "new-1", "172.17.0.4", Map.of(), 7000));
        engine.submit(new WorkItem.ContainerEvent("start", "ccc0000000000000000", null));
        engine.submit(new WorkItem.ContainerEvent("pause", "bbb0000000000000000", null));
        engine.submit(new WorkItem.ContainerEvent("die", "aaa0000000000000000", null));
        engine.runOnce(NO_WAIT);

        assertThat(consul.writes).containsExactly("deregister node1:web-1:8080", "maintenance node1:paused-1:9000 true",
                "register node1:new-1:7000");
    }

    @Test
    void killWithReloadSignalKeepsTheServiceButTermRemovesIt() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        engine.submit(new WorkItem.ContainerEvent("kill", "aaa0000000000000000", "1"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsKey("node1:web-1:8080");
        engine.submit(new WorkItem.ContainerEvent("kill", "aaa0000000000000000", "15"));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).isEmpty();
    }

    @Test
    void periodicResyncWritesOnlyWhatChangedAndRemovesOrphans() throws Exception {
        consul.services.put("node1:old:80", new ServiceDefinition("node1:old:80", "old", "172.17.0.9", 80, List.of(),
                        Map.of("registrator-node", "node1", "registered-by", "registrator-agent"), null, "x", "old", "image"));
        consul.services.put("node2:other:80", new ServiceDefinition("node2:other:80", "other", "10.0.0.1", 80, List.of(),
                Map.of("registrator-node", "node2"), null, "y", "other", "image"));
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsOnlyKeys("node1:web-1:8080", "node2:other:80");
        consul.writes.clear();

        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).as("nothing changed, nothing written").isEmpty();

        add(container("ccc", "late", "172.17.0.4", Map.of(), 7000));
        consul.services.remove("node1:web-1:8080");
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.writes).containsExactlyInAnyOrder("register node1:late:7000", "register node1:web-1:8080");
    }

    @Test
    void consulDownRetriesWithBackoffAndNeverForgetsDeregistrations() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        consul.down = true;
        docker.running.remove("aaa0000000000000000");
        engine.submit(new WorkItem.ContainerEvent("die", "aaa0000000000000000", null));
        ContainerInfo api = container("bbb", "api-1", "172.17.0.3", Map.of(), 9000);
        add(api);
        engine.submit(new WorkItem.ContainerEvent("start", api.id(), null));
        engine.runOnce(NO_WAIT);
        assertThat(meters.counter("registrator.errors", "kind", "consul").count()).isEqualTo(2);

        engine.runOnce(NO_WAIT);
        assertThat(meters.counter("registrator.errors", "kind", "consul").count()).as("backing off").isEqualTo(2);
        clock.advance(Duration.ofMillis(1100));
        engine.runOnce(NO_WAIT);
        assertThat(meters.counter("registrator.errors", "kind", "consul").count()).isEqualTo(4);

        consul.down = false;
        clock.advance(Duration.ofSeconds(3));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsOnlyKeys("node1:api-1:9000");
    }

    @Test
    void anUnreachableRegistryCostsOneAttemptPerRetryAndEverythingIsWrittenAsSoonAsItAnswersAgain() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        consul.unreachable = true;
        docker.running.remove("aaa0000000000000000");
        engine.submit(new WorkItem.ContainerEvent("die", "aaa0000000000000000", null));
        for (String name : List.of("api-1", "api-2", "api-3")) {
            ContainerInfo api = container(name, name, "172.17.0.3", Map.of(), 9000);
            add(api);
            engine.submit(new WorkItem.ContainerEvent("start", api.id(), null));
        }
        consul.attempts = 0;
        engine.runOnce(NO_WAIT);
        assertThat(consul.attempts).as("one write tried, the other three wait with it").isEqualTo(1);

        for (int second = 0; second < 20; second++) {
            clock.advance(Duration.ofSeconds(1));
            engine.runOnce(NO_WAIT);
        }
        assertThat(consul.services).containsOnlyKeys("node1:web-1:8080");

        consul.unreachable = false;
        clock.advance(Duration.ofSeconds(1));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).as("written at the first agent watch that succeeds, not at the next backoff")
                .containsOnlyKeys("node1:api-1:9000", "node1:api-2:9000", "node1:api-3:9000");
    }

    @Test
    void aNewContainerIsRegisteredBeforeTheDueAgentWatchAndWhatTheWatchFindsLostIsBackInTheSameRound() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        consul.services.clear();
        ContainerInfo api = container("ddd", "api-1", "172.17.0.3", Map.of(), 9000);
        add(api);
        engine.submit(new WorkItem.ContainerEvent("start", api.id(), null));
        clock.advance(Duration.ofSeconds(2));
        consul.calls.clear();
        engine.runOnce(NO_WAIT);
        assertThat(consul.calls).as("the new container, then the agent watch, then what the agent lost")
                .containsExactly("register node1:api-1:9000", "list", "register node1:web-1:8080");
    }

    @Test
    void aBurstOfEventsInspectsEachContainerOnceAndStillHonoursItsEnd() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        ContainerInfo api = container("bbb", "api-1", "172.17.0.3", Map.of(), 9000);
        ContainerInfo gone = container("ccc", "gone-1", "172.17.0.4", Map.of(), 9000);
        add(api);
        for (String action : List.of("connect", "start", "health_status: healthy")) {
            engine.submit(new WorkItem.ContainerEvent(action, api.id(), null));
            engine.submit(new WorkItem.ContainerEvent(action, gone.id(), null));
        }
        engine.submit(new WorkItem.ContainerEvent("die", gone.id(), null));
        docker.inspected.clear();
        engine.runOnce(NO_WAIT);
        assertThat(docker.inspected).containsExactly(api.id(), gone.id());
        assertThat(consul.services).containsOnlyKeys("node1:web-1:8080", "node1:api-1:9000");
        assertThat(meters.counter("registrator.events", "type", "start").count()).isEqualTo(2);
    }

    @Test
    void aNetworkEventInspectsOnlyAContainerKnownToRunAndNeverOneWhoseStartIsInTheSameBatch() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        ContainerInfo starting = container("ddd", "starting-1", "172.17.0.5", Map.of(), 9000);
        add(starting);
        docker.inspected.clear();
        engine.submit(new WorkItem.ContainerEvent("connect", starting.id(), null));
        engine.runOnce(NO_WAIT);
        assertThat(docker.inspected).as("a container connecting before its start runs: the engine would answer after the start")
                .isEmpty();

        engine.submit(new WorkItem.ContainerEvent("start", starting.id(), null));
        engine.submit(new WorkItem.ContainerEvent("connect", "aaa0000000000000000", null));
        engine.runOnce(NO_WAIT);
        assertThat(docker.inspected).as("at its start; and a running container joining a network")
                .containsExactly(starting.id(), "aaa0000000000000000");
        assertThat(consul.services).containsOnlyKeys("node1:web-1:8080", "node1:starting-1:9000");

        ContainerInfo quick = container("eee", "quick-1", "172.17.0.6", Map.of(), 9000);
        add(quick);
        docker.inspected.clear();
        for (String action : List.of("connect", "start", "disconnect")) {
            engine.submit(new WorkItem.ContainerEvent(action, quick.id(), null));
        }
        engine.runOnce(NO_WAIT);
        assertThat(docker.inspected).as("once, at its start, though a network event came last").containsExactly(quick.id());
    }

    @Test
    void dockerFailureDoesNotCrashAndResyncRecovers() throws Exception {
        docker.down = true;
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        engine.submit(new WorkItem.ContainerEvent("start", "aaa0000000000000000", null));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).isEmpty();
        assertThat(meters.counter("registrator.errors", "kind", "docker").count()).isEqualTo(2);
        docker.down = false;
        clock.advance(Duration.ofSeconds(6));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsOnlyKeys("node1:web-1:8080");
    }

    @Test
    void badLabelWarnsOnceAndStillRegisters() throws Exception {
        add(container("ddd", "bad", "172.17.0.6", Map.of("SERVICE_CHECK_INTERVAL", "banana"), 8081));
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        clock.advance(Duration.ofSeconds(31));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsKey("node1:bad:8081");
        assertThat(consul.services.get("node1:bad:8081").check().interval()).isEqualTo("2s");
        assertThat(meters.counter("registrator.errors", "kind", "mapping").count()).as("warned once").isEqualTo(1);
    }
}
