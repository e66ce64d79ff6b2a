package dev.servicegov.registrator.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.RegistryUnreachableException;
import dev.servicegov.registrator.registry.ServiceRegistry;
import dev.servicegov.registrator.sync.RegistrationEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the agent once the context is up, before the web server: waits for the Docker engine, then for the registry
 * (a few attempts each, as configured; then the start fails with an {@link AgentStartException} saying what to mount or
 * set), starts the sync engine with a full reconcile and follows the events.
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
        throw new AgentStartException("Cannot reach the Docker engine at " + host + " after "
                + times(properties.dockerConnectAttempts()) + ": " + sentence(String.valueOf(last)), hint(host), last);
    }

    /**
     * Asks the registry whether it answers, as registrator does at start: once, then {@code registrator.retry-attempts}
     * more times (-1: for ever), {@code retry-interval} apart; fails the start when it never answered.
     */
    void awaitRegistry() {
        int retries = properties.retryAttempts();
        String attempts = retries < 0 ? "unlimited" : String.valueOf(retries + 1);
        for (int attempt = 1; ; attempt++) {
            try {
                registry.ping();
                return;
            } catch (RegistryException e) {
                log.warn("The registry at {} {} (attempt {}/{}): {}", properties.registryUri(),
                        e instanceof RegistryUnreachableException ? "does not answer" : "answered with an error", attempt,
                        attempts, e.getMessage());
                if (retries >= 0 && attempt > retries) {
                    throw registryFailure(e, attempt);
                }
                pause(properties.retryInterval().toMillis());
            }
        }
    }

    private AgentStartException registryFailure(RegistryException failure, int attempts) {
        String after = " after " + times(attempts) + ": " + sentence(failure.getMessage());
        if (failure instanceof RegistryUnreachableException) {
            return new AgentStartException("Cannot reach the registry at " + properties.registryUri() + after,
                    "Check that it runs and answers at that address (registrator.registry-uri / REGISTRATOR_REGISTRY_URI). "
                            + "To wait longer for it, raise registrator.retry-attempts (REGISTRATOR_RETRY_ATTEMPTS, -1: for "
                            + "ever) or retry-interval.", failure);
        }
        return new AgentStartException("The registry at " + properties.registryUri() + " answered with an error" + after,
                "Its answer above says what it refused. Check that registrator.registry-uri (REGISTRATOR_REGISTRY_URI) "
                        + "is the registry's API and, for Consul with ACLs, the agent's token (registrator.consul-token, "
                        + "or the file /run/secrets/consul-token).", failure);
    }

    private static String times(int attempts) {
        return attempts + (attempts == 1 ? " attempt" : " attempts");
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
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
