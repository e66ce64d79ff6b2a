package dev.servicegov.registrator.docker;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import dev.servicegov.registrator.config.RegistratorProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The docker-java client, on {@code registrator.docker-host}, else {@code DOCKER_HOST}, else the local socket, and
 * its transport, which {@link DockerContainerSource} also calls directly for inspections.
 */
@Configuration(proxyBeanMethods = false)
public class DockerConfiguration {

    @Bean
    DockerClientConfig dockerClientConfig(RegistratorProperties properties) {
        String host = properties.effectiveDockerHost(System.getenv("DOCKER_HOST"));
        return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    }

    /** Closed with the client that uses it. */
    @Bean(destroyMethod = "")
    DockerHttpClient dockerHttpClient(DockerClientConfig config) {
        return new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Bean(destroyMethod = "close")
    DockerClient dockerClient(DockerClientConfig config, DockerHttpClient http) {
        return DockerClientImpl.getInstance(config, http);
    }
}
