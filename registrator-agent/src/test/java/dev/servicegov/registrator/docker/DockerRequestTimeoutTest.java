package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.testsupport.SilentServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An engine that takes a request and never answers it (a container it holds locked): the inspection fails after the
 * request timeout, so the agent's one writing thread goes on, instead of waiting for ever.
 */
class DockerRequestTimeoutTest {

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anInspectionTheEngineNeverAnswersFailsAfterTheRequestTimeout() throws Exception {
        try (SilentServer silentEngine = SilentServer.start()) {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost("tcp://127.0.0.1:" + silentEngine.port()).build();
            DockerHttpClient http = DockerConfiguration.transport(config, Duration.ofMillis(500));
            DockerContainerSource containers = new DockerContainerSource(DockerClientImpl.getInstance(config, http), http,
                    new RegistratorProperties(URI.create("consul://127.0.0.1:8500"), null, null, null, null, null,
                            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(5), 1,
                            Duration.ZERO, Duration.ofSeconds(30)));

            long started = System.nanoTime();
            assertThatThrownBy(() -> containers.inspectRunning("abc")).hasStackTraceContaining("imeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(silentEngine.connectionsTaken()).as("the request reached the engine").isPositive();
        }
    }
}
