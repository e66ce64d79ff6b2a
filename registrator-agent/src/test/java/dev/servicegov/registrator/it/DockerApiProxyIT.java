package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Capability;

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
 * The read-only Docker API proxy (registrator-agent/docker-api-proxy: nginx.conf and start.sh) on the real engine, run
 * as docker-compose.yml runs it: its workers run as a user given the socket's group, whatever its id on this host; the
 * reads the agent needs pass, every other request is refused with a JSON message that names it and stays valid JSON
 * whatever the path holds.
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
        // as docker-compose.yml runs it: root at start, only the capabilities its master needs to start the workers
        proxy = proxyContainer().withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withCapDrop(Capability.ALL).withCapAdd(Capability.SETUID, Capability.SETGID, Capability.CHOWN)
                .withSecurityOpts(List.of("no-new-privileges:true")));
        proxy.start();
    }

    @SuppressWarnings("resource")
    private static GenericContainer<?> proxyContainer() {
        return new GenericContainer<>(TestImages.dockerApiProxy())
                .withFileSystemBind(EngineSocket.PATH.toString(), "/var/run/docker.sock", BindMode.READ_ONLY)
                .withFileSystemBind(TestImages.projectRoot().resolve("registrator-agent/docker-api-proxy/nginx.conf").toString(),
                        "/etc/servicegov/docker-api-proxy.conf", BindMode.READ_ONLY)
                .withFileSystemBind(TestImages.projectRoot().resolve("registrator-agent/docker-api-proxy/start.sh").toString(),
                        "/etc/servicegov/docker-api-proxy-start.sh", BindMode.READ_ONLY)
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/sh", "/etc/servicegov/docker-api-proxy-start.sh"))
                .withExposedPorts(2375)
                .waitingFor(Wait.forHttp("/_ping").forPort(2375).forStatusCode(200));
    }

    @AfterAll
    static void stopTheProxy() {
        if (proxy != null) {
            proxy.stop();
        }
    }

    /** nginx's master starts the workers; the workers, which serve every request, hold no root. */
    @Test
    void itsWorkersRunAsTheNginxUserWithTheSocketsGroup() throws Exception {
        var processes = proxy.execInContainer("sh", "-c", "for p in /proc/[0-9]*; do"
                + " if [ \"$(cat $p/comm 2>/dev/null)\" = nginx ]; then"
                + " awk '/^(Uid|Gid):/ { printf \"%s \", $2 } END { print \"\" }' $p/status; fi; done");
        assertThat(processes.getExitCode()).as(processes.getStderr()).isZero();
        assertThat(processes.getStdout().lines().map(String::strip).toList())
                .as("nginx's processes: real uid and gid (the master, root, starts the workers)")
                .containsExactlyInAnyOrder("0 0", "101 " + EngineSocket.gid());
        assertThat(proxy.getLogs()).contains("workers run as nginx");
    }

    /** Started as a user with the socket's group (docker run --user --group-add), it runs nginx as it is. */
    @Test
    void startedAsAUserWithTheSocketsGroupItServesAsThatUser() throws Exception {
        try (GenericContainer<?> asAUser = proxyContainer().withCreateContainerCmdModifier(cmd -> cmd.withUser("101:101")
                .getHostConfig().withGroupAdd(List.of(EngineSocket.gid())))) {
            asAUser.start();
            var ping = asAUser.execInContainer("wget", "-qO-", "http://127.0.0.1:2375/_ping");
            assertThat(ping.getStdout()).isEqualTo("OK");
            var master = asAUser.execInContainer("awk", "/^Uid:/ { print $2 }", "/proc/1/status");
            assertThat(master.getStdout().strip()).as("nginx's master, PID 1").isEqualTo("101");
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

    /**
     * Paths whose decoded, normalized form is an allowed one, sent as they are (a raw socket: HTTP clients drop a '#'):
     * the engine reads them its own way. {@code json#/x/logs} reached the engine's logs handler, and through a
     * container with a legacy link alias {@code json#...} another container's logs and files.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /containers/json#/abc/logs?stdout=1
            /containers/abc/json#/x/archive?path=/etc/passwd
            /containers/abc/logs/..%2Fjson?stdout=1
            /v1.41/containers/abc/export/..%2Fjson
            //containers//abc//json
            /containers/abc/./json
            /containers/abc/json%0A
            """)
    void aPathThatOnlyDecodesOrNormalizesToAnAllowedOneIsRefusedAsSent(String rawPath) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.getMappedPort(2375))) {
            socket.getOutputStream().write(("GET " + rawPath + " HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 403 ")
                    .contains("read-only Docker API proxy refuses GET ");
        }
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + proxy.getMappedPort(2375) + path);
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
