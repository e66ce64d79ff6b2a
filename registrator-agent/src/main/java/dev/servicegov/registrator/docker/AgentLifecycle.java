package dev.servicegov.registrator.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.ServiceRegistry;
import dev.servicegov.registrator.sync.RegistrationEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the agent once the context is up, before the web server: waits for the Docker engine (a few
 * attempts, then the application fails to start with a message saying what to mount), starts the sync
 * engine with a full reconcile and follows the events.
 */
@Component
public class AgentLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentLifecycle.class);

    private final DockerClient docker;
    private final RegistrationEngine engine;
    private final DockerEventWatcher watcher;
    private final RegistratorProperties properties;
    private final ServiceRegistry registry;
    private final ConsulAgentLocator agentLocator;
    private volatile boolean running;

    public AgentLifecycle(DockerClient docker, RegistrationEngine engine, DockerEventWatcher watcher, RegistratorProperties properties) {
        this(docker, engine, watcher, properties, null, null);
    }

    @Autowired
    public AgentLifecycle(DockerClient docker, RegistrationEngine engine, DockerEventWatcher watcher, RegistratorProperties properties,
            ServiceRegistry registry, ConsulAgentLocator agentLocator) {
        this.docker = docker;
        this.engine = engine;
        this.watcher = watcher;
        this.properties = properties;
        this.registry = registry;
        this.agentLocator = agentLocator;
    }

    @Override
    public void start() {
        Info info = connect();
        String node = properties.hostname() != null && !properties.hostname().isBlank() ? properties.hostname().trim() : info.getName();
        String self = System.getenv("HOSTNAME");
        log.info("Docker engine '{}' (server {}) answers; registering in {} as node '{}'", info.getName(),
                info.getServerVersion(), properties.registryUri(), node);
        awaitRegistry();
        if (agentLocator != null) {
            agentLocator.locate();
        }
        Instant since = Instant.now().minusSeconds(1);
        engine.start(node, self);
        watcher.start(since);
        running = true;
    }

    private Info connect() {
        String host = properties.effectiveDockerHost(System.getenv("DOCKER_HOST"));
        RuntimeException last = null;
        for (int attempt = 1; attempt <= properties.dockerConnectAttempts(); attempt++) {
            try {
                return docker.infoCmd().exec();
            } catch (RuntimeException e) {
                last = e;
                log.warn("Docker engine at {} does not answer (attempt {}/{}): {}. {}", host, attempt,
                        properties.dockerConnectAttempts(), e.getMessage(), hint(host));
                if (attempt < properties.dockerConnectAttempts()) {
                    sleep();
                }
            }
        }
        throw new IllegalStateException("Cannot reach the Docker engine at " + host + " after "
                + properties.dockerConnectAttempts() + " attempts. " + hint(host), last);
    }

    /** With {@code registrator.retry-attempts} other than 0: waits for the registry to answer (-1: for ever), else fails the start. */
    void awaitRegistry() {
        int attempts = properties.retryAttempts();
        if (attempts == 0 || registry == null) {
            return;
        }
        for (int attempt = 1; attempts < 0 || attempt <= attempts; attempt++) {
            try {
                registry.ping();
                return;
            } catch (RegistryException e) {
                log.warn("The registry at {} does not answer (attempt {}/{}): {}", properties.registryUri(), attempt,
                        attempts < 0 ? "unlimited" : attempts, e.getMessage());
                if (attempts > 0 && attempt == attempts) {
                    throw new IllegalStateException("Cannot reach the registry at " + properties.registryUri() + " after "
                            + attempts + " attempts (registrator.retry-attempts); check registrator.registry-uri / "
                            + "REGISTRATOR_REGISTRY_URI", e);
                }
                pause(properties.retryInterval().toMillis());
            }
        }
    }

    static String hint(String host) {
        if (host.startsWith("unix://")) {
            String socket = host.substring("unix://".length());
            if (Files.exists(Path.of(socket))) {
                return "The socket " + socket + " exists but does not answer. On 'permission denied': the image runs as a "
                        + "user, who needs the socket's group: docker run --group-add $(stat -c %g /var/run/docker.sock), in "
                        + "compose group_add with that number.";
            }
            return "The socket " + socket + " is missing: mount the engine's socket into the container, e.g. "
                    + "-v /var/run/docker.sock:" + socket + ":ro, or set REGISTRATOR_DOCKER_HOST / DOCKER_HOST.";
        }
        return "Check that the engine, or the read-only proxy in front of it, listens at that address (docker-compose.yml: "
                + "docker-api-proxy, whose healthcheck fails while it cannot open the socket: docker compose logs "
                + "docker-api-proxy says why), or set "
                + "REGISTRATOR_DOCKER_HOST / DOCKER_HOST.";
    }

    private void sleep() {
        pause(properties.dockerConnectDelay().toMillis());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Docker engine or the registry", e);
        }
    }

    @Override
    public void stop() {
        watcher.stop();
        engine.stop();
        running = false;
    }

    /**
     * Before the web server: after a restart Consul is stale until the first reconcile, and the web server's start
     * (about a second on a busy 2-core host) need not come first. The actuator answers once the agent runs.
     */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
