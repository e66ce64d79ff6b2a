package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.RegistryUnreachableException;
import dev.servicegov.registrator.registry.ServiceRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

class AgentLifecycleTest {

    static RegistratorProperties properties(String dockerHost) {
        return new RegistratorProperties(URI.create("http://127.0.0.1:8500"), null, dockerHost, null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 2,
                Duration.ofMillis(10), Duration.ofSeconds(30));
    }

    @Test
    void startsBeforeTheWebServerAndStopsAfterIt() {
        AgentLifecycle lifecycle = new AgentLifecycle(null, null, null, properties("unix:///var/run/docker.sock"), null, null);
        assertThat(lifecycle.getPhase()).isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
    }

    @Test
    void missingSocketFailsStartWithWhatToMount() throws Exception {
        RegistratorProperties properties = properties("unix:///nonexistent/docker.sock");
        DockerConfiguration configuration = new DockerConfiguration();
        var config = configuration.dockerClientConfig(properties);
        try (DockerClient docker = configuration.dockerClient(config, configuration.dockerHttpClient(config))) {
            AgentLifecycle lifecycle = new AgentLifecycle(docker, null, null, properties, null, null);
            assertThatThrownBy(lifecycle::start)
                    .isInstanceOf(AgentStartException.class)
                    .hasMessageContaining("unix:///nonexistent/docker.sock")
                    .hasMessageContaining("after 2 attempts")
                    .hasMessageContaining("is missing")
                    .hasMessageContaining("-v /var/run/docker.sock:/nonexistent/docker.sock:ro");
            assertThat(lifecycle.isRunning()).isFalse();
        }
    }

    @Test
    void socketThatDoesNotAnswerHintsAtItsGroup(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path socket = java.nio.file.Files.createFile(dir.resolve("docker.sock"));
        assertThat(AgentLifecycle.hint("unix://" + socket)).contains("exists but does not answer", "--group-add", "group_add");
    }

    @Test
    void tcpEndpointThatDoesNotAnswerHintsAtTheReadOnlyProxy() {
        assertThat(AgentLifecycle.hint("tcp://docker-api-proxy:2375")).contains("read-only proxy", "docker compose logs docker-api-proxy");
    }

    @Test
    void dockerHostPropertyWinsOverEnvironment() {
        assertThat(properties("tcp://127.0.0.1:2375").effectiveDockerHost("unix:///x.sock")).isEqualTo("tcp://127.0.0.1:2375");
        assertThat(properties(null).effectiveDockerHost("unix:///x.sock")).isEqualTo("unix:///x.sock");
        assertThat(properties(" ").effectiveDockerHost(null)).isEqualTo("unix:///var/run/docker.sock");
    }

    static RegistratorProperties retrying(int attempts) {
        return new RegistratorProperties(URI.create("http://127.0.0.1:8500"), null, null, null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 2,
                Duration.ofMillis(10), Duration.ofSeconds(30), null, true, false, java.util.List.of(), null, null,
                RegistratorProperties.DeregisterMode.ALWAYS, true, attempts, Duration.ofMillis(10), null, Duration.ofSeconds(1), 4, null,
                RegistratorProperties.KvFormat.PLAIN, null);
    }

    @Test
    void retryAttemptsCountTheTriesAfterTheFirstAsRegistratorDoesThenFailTheStartSayingWhatToDo() {
        ServiceRegistry down = org.mockito.Mockito.mock(ServiceRegistry.class);
        org.mockito.Mockito.doThrow(new RegistryUnreachableException("Consul: ping failed: connection refused", null))
                .when(down).ping();
        AgentLifecycle lifecycle = new AgentLifecycle(null, null, null, retrying(3), down, null);
        assertThatThrownBy(lifecycle::awaitRegistry).isInstanceOf(AgentStartException.class)
                .hasMessageContaining("Cannot reach the registry at http://127.0.0.1:8500 after 4 attempts")
                .hasMessageContaining("connection refused")
                .hasMessageContaining("REGISTRATOR_REGISTRY_URI").hasMessageContaining("REGISTRATOR_RETRY_ATTEMPTS");
        org.mockito.Mockito.verify(down, org.mockito.Mockito.times(4)).ping();

        ServiceRegistry stillDown = org.mockito.Mockito.mock(ServiceRegistry.class);
        org.mockito.Mockito.doThrow(new RegistryException("down", null)).when(stillDown).ping();
        assertThatThrownBy(new AgentLifecycle(null, null, null, retrying(0), stillDown, null)::awaitRegistry)
                .as("0, registrator's default: one try").hasMessageContaining("after 1 attempt:");
        org.mockito.Mockito.verify(stillDown, org.mockito.Mockito.times(1)).ping();
    }

    @Test
    void aRegistryThatAnswersWithAnErrorIsReportedAsSuchWithTheTokenToCheck() {
        ServiceRegistry refusing = org.mockito.Mockito.mock(ServiceRegistry.class);
        // as ConsulServiceRegistry words a 403: a sentence of its own, with the fix
        org.mockito.Mockito.doThrow(new RegistryException("Consul refused to ping (403: Permission denied): the "
                + "registrator's ACL token is missing, unknown or lacks a permission. It needs agent:read.", null))
                .when(refusing).ping();
        assertThatThrownBy(new AgentLifecycle(null, null, null, retrying(1), refusing, null)::awaitRegistry)
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("The registry at http://127.0.0.1:8500 answered with an error after 2 attempts")
                .hasMessageContaining("(403: Permission denied)").hasMessageContaining("registrator.consul-token")
                .hasMessageNotContaining("Cannot reach").hasMessageNotContaining("..");
    }

    @Test
    void aRegistryThatAnswersWithinTheRetriesLetsTheStartGoOn() {
        ServiceRegistry late = org.mockito.Mockito.mock(ServiceRegistry.class);
        org.mockito.Mockito.doThrow(new RegistryException("down", null)).doThrow(new RegistryException("down", null))
                .doNothing().when(late).ping();
        new AgentLifecycle(null, null, null, retrying(2), late, null).awaitRegistry();
        org.mockito.Mockito.verify(late, org.mockito.Mockito.times(3)).ping();

        ServiceRegistry later = org.mockito.Mockito.mock(ServiceRegistry.class);
        org.mockito.Mockito.doThrow(new RegistryException("down", null)).doThrow(new RegistryException("down", null))
                .doThrow(new RegistryException("down", null)).doNothing().when(later).ping();
        new AgentLifecycle(null, null, null, retrying(-1), later, null).awaitRegistry();
        org.mockito.Mockito.verify(later, org.mockito.Mockito.times(4)).ping();

        ServiceRegistry up = org.mockito.Mockito.mock(ServiceRegistry.class);
        new AgentLifecycle(null, null, null, retrying(0), up, null).awaitRegistry();
        org.mockito.Mockito.verify(up, org.mockito.Mockito.times(1)).ping();
    }
}
