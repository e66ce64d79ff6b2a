package dev.servicegov.registrator.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;

import dev.servicegov.testsupport.TestImages;

import org.testcontainers.DockerClientFactory;

/**
 * Containers an IT starts on the real engine, each exposing 8080 and labelled with the IT's run, so that only an agent
 * given {@link #agentLabelFilter()} sees them; {@link #removeAll()} takes away whatever is left at the end.
 */
final class RunContainers {

    private final DockerClient docker = DockerClientFactory.instance().client();
    private final String label;
    private final String run = UUID.randomUUID().toString();
    private final List<String> started = new CopyOnWriteArrayList<>();

    /** @param label the label key naming the run, one per IT */
    RunContainers(String label) {
        this.label = label;
    }

    /** The value of {@code registrator.container-label} that limits an agent to this run's containers. */
    String agentLabelFilter() {
        return label + "=" + run;
    }

    /** Creates and starts a container of the test JRE image running {@code command}; safe from several threads. */
    String start(Map<String, String> labels, String... command) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(label, run);
        String id = docker.createContainerCmd(TestImages.jre().asCanonicalNameString())
                .withCmd(command)
                .withExposedPorts(ExposedPort.tcp(8080))
                .withLabels(all)
                .exec().getId();
        started.add(id);
        docker.startContainerCmd(id).exec();
        return id;
    }

    /** Removes a container the test is done with (forced: running or not). */
    void remove(String id) {
        docker.removeContainerCmd(id).withForce(true).exec();
        started.remove(id);
    }

    /** Removes every container still there, at once. */
    void removeAll() {
        List.copyOf(started).parallelStream().forEach(this::remove);
    }

    DockerClient docker() {
        return docker;
    }
}
