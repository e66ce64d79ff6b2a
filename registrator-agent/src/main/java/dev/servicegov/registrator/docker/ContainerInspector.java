package dev.servicegov.registrator.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Asks the engine about one container ({@code GET /containers/{id}/json}) through docker-java's transport. */
@Component
class ContainerInspector {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DockerHttpClient http;

    ContainerInspector(DockerHttpClient http) {
        this.http = http;
    }

    /** The engine's answer on the container, or empty when it does not know it (any more). */
    Optional<InspectedContainer> inspect(String containerId) {
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
}
