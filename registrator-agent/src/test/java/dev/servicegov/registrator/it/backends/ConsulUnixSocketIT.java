package dev.servicegov.registrator.it.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.bridge.ServiceMapper;
import dev.servicegov.registrator.registry.OwnedService;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.RegistryUri;
import dev.servicegov.registrator.registry.ServiceRegistry;
import dev.servicegov.registrator.registry.consul.ConsulHttpClients;
import dev.servicegov.registrator.registry.consul.ConsulServiceRegistry;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * {@code consul-unix://}: the Consul agent's HTTP API on a unix socket only (no TCP listener), the socket shared with
 * the test through a bind mount. A real Consul 1.8.7 agent configured with {@code addresses { http = "unix://..." }}.
 */
@RequiresDocker
class ConsulUnixSocketIT {

    static Path socketDir;
    static GenericContainer<?> consul;

    @BeforeAll
    static void startConsulOnAUnixSocket() throws IOException {
        socketDir = Files.createTempDirectory("consul-sock");
        // the agent may run as another user in its container: it must be able to create the socket here
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        consul = new GenericContainer<>(TestImages.consul())
                .withFileSystemBind(socketDir.toString(), "/consul-sock", BindMode.READ_WRITE)
                .withCommand("agent", "-dev", "-hcl", "disable_update_check = true",
                        "-hcl", "addresses { http = \"unix:///consul-sock/consul.sock\" }",
                        "-hcl", "unix_sockets { mode = \"0777\" }")
                .waitingFor(Wait.forLogMessage(".*Synced node info.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        consul.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (consul != null) {
            consul.stop();
        }
        try (var files = Files.list(socketDir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(socketDir);
    }

    static ServiceRegistry registry(String uri) {
        return new ConsulServiceRegistry(ConsulHttpClients.create(RegistryUri.parse(URI.create(uri)), null));
    }

    @Test
    void registersListsAndDeregistersOverTheSocket() {
        ServiceRegistry registry = registry("consul-unix://" + socketDir.resolve("consul.sock"));
        registry.ping();
        ServiceDefinition web = new ServiceDefinition("unix-node:web-1:8080", "unix-web", "172.17.0.9", 8080, List.of("a"),
                Map.of(ServiceMapper.OWNER_KEY, ServiceMapper.OWNER, ServiceMapper.NODE_KEY, "unix-node",
                        ServiceMapper.CONTAINER_ID_KEY, "c0ffee"), null, "c0ffee",
                "web-1", "label SERVICE_NAME");
        registry.register(web);
        assertThat(registry.listOwned("unix-node")).as("with the fingerprint and container kept in the service's meta")
                .containsExactly(Map.entry("unix-node:web-1:8080", new OwnedService(web.fingerprint(), "c0ffee")));
        assertThat(registry.listOwned("another-node").keySet()).isEmpty();

        registry.deregister("unix-node:web-1:8080");
        assertThat(registry.listOwned("unix-node").keySet()).isEmpty();
    }

    @Test
    void aMissingSocketIsARegistryErrorNamingConsul() {
        ServiceRegistry registry = registry("consul-unix://" + socketDir.resolve("missing.sock"));
        assertThatThrownBy(registry::ping).isInstanceOf(RegistryException.class).hasMessageStartingWith("Consul: ping failed");
    }
}
