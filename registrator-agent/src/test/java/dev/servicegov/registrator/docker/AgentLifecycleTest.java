package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;

import dev.servicegov.registrator.config.RegistratorProperties;

import org.junit.jupiter.api.Test;

class AgentLifecycleTest {

    static RegistratorProperties properties(String dockerHost) {
        return new RegistratorProperties(URI.create("http://127.0.0.1:8500"), null, dockerHost, null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 2,
                Duration.ofMillis(10), Duration.ofSeconds(30));
    }

    @Test
    void missingSocketFailsStartWithWhatToMount() throws Exception {
        RegistratorProperties properties = properties("unix:///nonexistent/docker.sock");
        try (DockerClient docker = new DockerConfiguration().dockerClient(properties)) {
            AgentLifecycle lifecycle = new AgentLifecycle(docker, null, null, properties);
            assertThatThrownBy(lifecycle::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("unix:///nonexistent/docker.sock")
                    .hasMessageContaining("after 2 attempts")
                    .hasMessageContaining("is missing")
                    .hasMessageContaining("-v /var/run/docker.sock:/nonexistent/docker.sock:ro");
            assertThat(lifecycle.isRunning()).isFalse();
        }
    }

    @Test
    void dockerHostPropertyWinsOverEnvironment() {
        assertThat(properties("tcp://127.0.0.1:2375").effectiveDockerHost("unix:///x.sock")).isEqualTo("tcp://127.0.0.1:2375");
        assertThat(properties(null).effectiveDockerHost("unix:///x.sock")).isEqualTo("unix:///x.sock");
        assertThat(properties(" ").effectiveDockerHost(null)).isEqualTo("unix:///var/run/docker.sock");
    }
}
