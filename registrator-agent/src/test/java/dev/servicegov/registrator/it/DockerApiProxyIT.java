package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The read-only Docker API proxy's configuration (registrator-agent/docker-api-proxy/nginx.conf) on the real engine,
 * run as docker-compose.yml runs it (a user with the socket's group): the reads the agent needs pass, every other
 * request is refused with a JSON message that names it and stays valid JSON whatever the path holds.
 * ComposeStackIT checks the wiring (no socket in the agent, no other container reaching the proxy).
 */
@RequiresDocker
class DockerApiProxyIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static GenericContainer<?> proxy;

    @BeforeAll
    static void startTheProxy() throws Exception {
        EngineSocket.assumeLocal();
        proxy = EngineSocket.mountInto(new GenericContainer<>(TestImages.dockerApiProxy()))
                .withFileSystemBind(TestImages.projectRoot().resolve("registrator-agent/docker-api-proxy/nginx.conf").toString(),
                        "/etc/servicegov/docker-api-proxy.conf", BindMode.READ_ONLY)
                .withCreateContainerCmdModifier(cmd -> cmd.withUser("101:101")
                        .withEntrypoint("nginx", "-e", "stderr", "-c", "/etc/servicegov/docker-api-proxy.conf", "-g", "daemon off;"))
                .withExposedPorts(2375)
                .waitingFor(Wait.forHttp("/_ping").forPort(2375).forStatusCode(200));
        proxy.start();
    }

    @AfterAll
    static void stopTheProxy() {
        if (proxy != null) {
            proxy.stop();
        }
    }

    @ParameterizedTest(name = "{0} {1} passes")
    @CsvSource({
            "GET, /_ping",
            "HEAD, /_ping",
            "GET, /version",
            "GET, /v1.41/info",
            "GET, /containers/json?all=1",
            "GET, /v1.41/containers/json",
    })
    void theReadsTheAgentNeedsPass(String method, String path) throws Exception {
        assertThat(send(method, path).statusCode()).isEqualTo(200);
    }

    @Test
    void aContainerCanBeInspectedByIdOrName() throws Exception {
        assertThat(send("GET", "/containers/" + proxy.getContainerId() + "/json").statusCode()).isEqualTo(200);
        String name = proxy.getContainerInfo().getName().substring(1);
        HttpResponse<String> byName = send("GET", "/v1.41/containers/" + name + "/json");
        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(byName.body()).path("Id").asText()).isEqualTo(proxy.getContainerId());
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "POST, /v1.41/containers/create, 403, POST /v1.41/containers/create",
            "POST, /containers/json, 405, POST /containers/json",
            "DELETE, /containers/abc/json, 405, DELETE /containers/abc/json",
            "POST, /_ping, 405, POST /_ping",
            "GET, /containers/abc/logs?stdout=1, 403, GET /containers/abc/logs",
            "GET, /containers/abc/archive?path=/etc, 403, GET /containers/abc/archive",
            "POST, /containers/abc/exec, 403, POST /containers/abc/exec",
            "GET, /secrets, 403, GET /secrets",
            "GET, /containers/abc/json/../logs, 403, GET /containers/abc/logs",
            "GET, /a%22b%5Cc, 403, GET this path",
            "GET, /a%0Ab, 403, GET this path",
    })
    void everythingElseIsRefusedWithAJsonMessageNamingIt(String method, String path, int status, String named)
            throws Exception {
        HttpResponse<String> answer = send(method, path);
        assertThat(answer.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("message").asText()).contains("read-only Docker API proxy refuses " + named);
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + proxy.getMappedPort(2375) + path);
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
