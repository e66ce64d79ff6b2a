package dev.servicegov.registrator.sync;

import static dev.servicegov.registrator.sync.FakeDocker.container;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.config.RegistratorProperties.DeregisterMode;
import dev.servicegov.registrator.registry.ForeignService;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Weeks of containers coming and going, in rounds: whatever the agent remembers of a container (warnings said once,
 * conflicts, refused writes and their backoff, heartbeats, stops, start events waiting for their
 * registration) ends with it, and the meters do not grow with the containers.
 */
class ContainerChurnTest extends RegistrationEngineFixture {

    private static final int ROUNDS = 10;

    @ParameterizedTest
    @EnumSource(DeregisterMode.class)
    void whatTheAgentRemembersOfAContainerEndsWithIt(DeregisterMode mode) throws Exception {
        engine = newEngine(mode, true, Duration.ofSeconds(1));
        started();
        Map<String, Integer> before = engine.remembered();
        int meterCount = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<ContainerInfo> containers = troublesomeContainers(round);
            containers.forEach(container -> {
                add(container);
                engine.submit(new WorkItem.ContainerEvent("start", container.id(), null));
            });
            engine.runOnce(NO_WAIT);
            clock.advance(Duration.ofSeconds(70)); // a resync's listing, which finds the ids held by others
            engine.runOnce(NO_WAIT);
            Map<String, Integer> running = engine.remembered();
            assertThat(running.keySet()).as("round %d, while its containers run: the scenario reaches every record", round)
                    .allSatisfy(record -> assertThat(running.get(record)).as(record)
                            .isGreaterThan(before.get(record) - (record.equals("retained") ? 1 : 0)));

            if (round % 2 == 0) {
                removedWithTheirEvents(containers);
            } else {
                // removed while the event stream was cut: the reconnection's reconcile finds them gone
                containers.forEach(container -> docker.running.remove(container.id()));
                engine.submit(new WorkItem.Resync("Docker event stream reconnected"));
            }
            engine.runOnce(NO_WAIT);
            clock.advance(Duration.ofSeconds(2));
            engine.runOnce(NO_WAIT);

            assertThat(engine.remembered()).as("round %d, once its containers are gone", round).isEqualTo(before);
            if (round == 0) {
                meterCount = meters.getMeters().size();
            }
        }
        assertThat(meters.getMeters()).as("no meter per container or service").hasSize(meterCount);
        assertThat(consul.services).containsOnlyKeys(WEB_SERVICE);
    }

    private void removedWithTheirEvents(List<ContainerInfo> containers) throws Exception {
        containers.forEach(container -> {
            docker.running.remove(container.id());
            engine.submit(new WorkItem.ContainerEvent("kill", container.id(), "15"));
            engine.submit(new WorkItem.ContainerEvent("die", container.id(), null, "1"));
        });
        engine.runOnce(NO_WAIT);
        containers.forEach(container -> engine.submit(new WorkItem.ContainerEvent("destroy", container.id(), null)));
    }

    /** A container of each kind the agent keeps something of, besides what it registers. */
    private List<ContainerInfo> troublesomeContainers(int round) {
        String n = Integer.toString(round);
        consul.foreign.put("taken-" + n, new ForeignService("'other-tool'", false, "10.0.0.9", 80));
        consul.failAlways.add("register node1:refused-" + n + ":8080");
        List<ContainerInfo> containers = new ArrayList<>();
        containers.add(container("b" + n, "bad-label-" + n, "172.18.0.2", Map.of("SERVICE_CHECK_INTERVAL", "banana"), 8080));
        containers.add(container("c" + n, "claim-a-" + n, "172.18.0.3", Map.of("SERVICE_ID", "claimed-" + n), 8080));
        containers.add(container("d" + n, "claim-b-" + n, "172.18.0.4", Map.of("SERVICE_ID", "claimed-" + n), 8080));
        containers.add(container("e" + n, "foreign-" + n, "172.18.0.5", Map.of("SERVICE_ID", "taken-" + n), 8080));
        containers.add(container("f" + n, "refused-" + n, "172.18.0.6", Map.of(), 8080));
        containers.add(container("9" + n, "heartbeat-" + n, "172.18.0.8",
                Map.of("SERVICE_CHECK_TTL", "30s", "SERVICE_CHECK_TTL_REFRESH", "true"), 8080));
        return containers;
    }
}
