package dev.servicegov.registrator.docker;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.sync.ContainerSource;

import org.springframework.stereotype.Component;

/**
 * Lists and inspects containers through docker-java and turns them into {@link ContainerInfo}. A container is
 * inspected through docker-java's transport, bound to {@link InspectedContainer} ({@link ContainerInspector}), unless
 * an inspection asked for at its {@code connect} event has the answer ({@link EarlyInspections}).
 */
@Component
public class DockerContainerSource implements ContainerSource {

    private final DockerClient docker;
    private final ContainerInspector inspector;
    private final EarlyInspections early;
    private final String labelKey;
    private final String labelValue;

    public DockerContainerSource(DockerClient docker, ContainerInspector inspector, EarlyInspections early,
            RegistratorProperties properties) {
        this.docker = docker;
        this.inspector = inspector;
        this.early = early;
        String label = properties.containerLabel() == null ? "" : properties.containerLabel().trim();
        int eq = label.indexOf('=');
        this.labelKey = label.isEmpty() ? null : eq < 0 ? label : label.substring(0, eq);
        this.labelValue = eq < 0 ? null : label.substring(eq + 1);
    }

    @Override
    public List<ContainerInfo> running() {
        return docker.listContainersCmd().withShowAll(false).exec().stream()
                .map(Container::getId)
                .map(this::inspectRunning)
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public Optional<ContainerInfo> inspectRunning(String containerId) {
        return early.takeRunning(containerId).or(() -> inspector.inspect(containerId))
                .filter(InspectedContainer::running).filter(this::selected).map(InspectedContainer::toInfo);
    }

    /** Whether the container carries the configured {@code registrator.container-label} (always, when unset). */
    private boolean selected(InspectedContainer container) {
        if (labelKey == null) {
            return true;
        }
        Map<String, String> labels = container.labels();
        if (!labels.containsKey(labelKey)) {
            return false;
        }
        return labelValue == null || labelValue.equals(labels.get(labelKey));
    }
}
