package dev.servicegov.registrator.docker;

import com.github.dockerjava.api.DockerClient;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Shows at {@code /actuator/health} under {@code docker} whether the engine answers and events are followed. */
@Component("docker")
public class DockerHealthIndicator extends AbstractHealthIndicator {

    private final DockerClient docker;
    private final DockerEventWatcher watcher;

    public DockerHealthIndicator(DockerClient docker, DockerEventWatcher watcher) {
        super("Docker engine does not answer");
        this.docker = docker;
        this.watcher = watcher;
    }

    /** An engine that does not answer is DOWN with the reason, not a stack trace logged on every poll (as the registry's). */
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            builder.down().withDetail("error", String.valueOf(e.getMessage()));
            return;
        }
        builder.status(watcher.isConnected() ? "UP" : "DOWN").withDetail("eventStream", watcher.isConnected() ? "following" : "reconnecting");
    }
}
