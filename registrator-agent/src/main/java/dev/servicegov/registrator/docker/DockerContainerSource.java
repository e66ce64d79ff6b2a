package dev.servicegov.registrator.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.sync.ContainerSource;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Lists and inspects containers through docker-java and turns them into {@link ContainerInfo}. Inspections go
 * through docker-java's transport, bound to {@link InspectedContainer}.
 */
@Component
public class DockerContainerSource implements ContainerSource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DockerClient docker;
    private final DockerHttpClient http;
    private final String labelKey;
    private final String labelValue;

    public DockerContainerSource(DockerClient docker, DockerHttpClient http, RegistratorProperties properties) {
        this.docker = docker;
        this.http = http;
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
        return inspect(containerId).filter(InspectedContainer::running).filter(this::selected).map(this::toInfo);
    }

    @Override
    public OptionalInt exitCode(String containerId) {
        return inspect(containerId).map(InspectedContainer::exitCode).orElse(OptionalInt.empty());
    }

    /** A container in another's network namespace is reached at that one's addresses and published ports. */
    private ContainerInfo toInfo(InspectedContainer container) {
        String owner = container.networkOwner();
        return owner == null ? container.toInfo() : container.toInfo(inspect(owner).orElse(container));
    }

    /** The engine's answer on the container, or empty when it does not know it (any more). */
    private Optional<InspectedContainer> inspect(String containerId) {
        String path = "/containers/" + URLEncoder.encode(containerId, StandardCharsets.UTF_8) + "/json";
        Request request = Request.builder().method(Request.Method.GET).path(path).build();
        try (Response response = http.execute(request)) {
            if (response.getStatusCode() == 404) {
                return Optional.empty();
            }
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("the Docker engine answered " + response.getStatusCode() + " to GET " + path
                        + ": " + new String(response.getBody().readNBytes(500), StandardCharsets.UTF_8).strip());
            }
            return Optional.of(JSON.readValue(response.getBody(), InspectedContainer.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Docker engine's answer to GET " + path, e);
        }
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
