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
import org.springframework.context.annotation.Primary;

/**
 * The docker-java clients, on {@code registrator.docker-host}, else {@code DOCKER_HOST}, else the local socket: one for
 * requests (inspections, listings, pings), whose transport {@link DockerContainerSource} also calls directly, and one
 * for the event stream.
 */
@Configuration(proxyBeanMethods = false)
public class DockerConfiguration {

    /**
     * How long the engine may take to answer a request: a container the engine holds locked (a stop or removal stuck)
     * would otherwise hold the one thread that writes to the registry for ever.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    DockerClientConfig dockerClientConfig(RegistratorProperties properties) {
        String host = properties.effectiveDockerHost(System.getenv("DOCKER_HOST"));
        return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    }

    /** Closed with the client that uses it. */
    @Bean(destroyMethod = "")
    @Primary
    DockerHttpClient dockerHttpClient(DockerClientConfig config) {
        return transport(config, REQUEST_TIMEOUT);
    }

    @Bean(destroyMethod = "close")
    @Primary
    DockerClient dockerClient(DockerClientConfig config, DockerHttpClient http) {
        return DockerClientImpl.getInstance(config, http);
    }

    /** The event stream's: it stays quiet for as long as no container changes, so it has no response timeout. */
    @Bean(destroyMethod = "close")
    DockerClient eventStreamDockerClient(DockerClientConfig config) {
        return DockerClientImpl.getInstance(config, transport(config, null));
    }

    /** @param responseTimeout how long an answer may take; {@code null}: no limit */
    static DockerHttpClient transport(DockerClientConfig config, Duration responseTimeout) {
        ZerodepDockerHttpClient.Builder builder = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(5));
        return responseTimeout == null ? builder.build() : builder.responseTimeout(responseTimeout).build();
    }
}
