package dev.servicegov.registrator.sync;

import static dev.servicegov.registrator.sync.FakeDocker.container;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.config.RegistratorProperties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.BeforeEach;

/**
 * The engine on a registry and a Docker engine in memory, with one container running: web-1 ({@link #WEB}), whose service
 * is {@link #WEB_SERVICE}. Deregistration "always", cleanup on, the agent watched every second.
 */
abstract class RegistrationEngineFixture {

    static final Duration NO_WAIT = Duration.ZERO;

    FakeRegistry consul = new FakeRegistry();
    FakeDocker docker = new FakeDocker();
    MutableClock clock = new MutableClock();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RegistrationEngine engine;

    @BeforeEach
    void setUp() {
        engine = newEngine(RegistratorProperties.DeregisterMode.ALWAYS, true, Duration.ofSeconds(1));
        docker.running.put(WEB, container("aaa", "web-1", "172.17.0.2", Map.of("SERVICE_NAME", "web"), 8080));
    }

    /** An engine on the fakes with these options, counting into {@link #meters}. */
    RegistrationEngine newEngine(RegistratorProperties.DeregisterMode deregister, boolean cleanup, Duration agentWatch) {
        return new RegistrationEngine(consul, docker, new RegistratorMetrics(meters), properties(deregister, cleanup, agentWatch),
                clock);
    }

    void add(ContainerInfo container) {
        docker.running.put(container.id(), container);
    }

    static RegistratorProperties properties(RegistratorProperties.DeregisterMode mode, boolean cleanup, Duration watch) {
        return new RegistratorProperties(URI.create("http://127.0.0.1:8500"), null, null, null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ZERO,
                Duration.ofSeconds(30), null, true, false, List.of(), null, null, mode, cleanup, 0, Duration.ofSeconds(1), null, watch,
                4, null, RegistratorProperties.KvFormat.PLAIN, null);
    }

    static ContainerInfo with(ContainerInfo c, boolean paused, String health, Map<String, String> networks) {
        return new ContainerInfo(c.id(), c.name(), c.image(), c.labels(), c.env(), networks, c.ports(), null, paused, health);
    }

    static final String WEB = "aaa0000000000000000";
    static final String WEB_SERVICE = "node1:web-1:8080";

    void started() throws Exception {
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        consul.writes.clear();
    }

    /** The agent restarted: a new process on the same registry and engine, its metrics counted afresh. */
    RegistrationEngine restartedAgent() {
        return new RegistrationEngine(consul, docker, new RegistratorMetrics(new SimpleMeterRegistry()),
                properties(RegistratorProperties.DeregisterMode.ALWAYS, true, Duration.ofSeconds(1)), clock);
    }
}
