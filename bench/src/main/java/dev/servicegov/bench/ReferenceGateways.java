package dev.servicegov.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;

/**
 * The gateway overhead benchmark's reference gateways (bench/reference-gateways, built with -Pbench): Spring Cloud
 * Gateway as it comes in its two flavours, Jetty's reverse proxy handler and Vert.x's reverse proxy, each with one static route to the
 * instance the direct path calls. What the library itself costs per request on this machine, next to what
 * consumer-gateway's hop costs. Each runs in a container of the stack's JRE image with consumer-gateway's JVM flags, on
 * the stack's network, published on a loopback port; one at a time, removed after its measurement.
 */
final class ReferenceGateways {

    /** Module directory names under bench/reference-gateways, in the order they are measured. */
    static final List<String> NAMES = List.of("scg-webflux", "scg-webmvc", "jetty-proxy", "vertx-proxy");

    /** The references to measure: {@code bench.references} (comma-separated, {@code none} for none), else all of {@link #NAMES}. */
    static List<String> selected() {
        String wanted = System.getProperty("bench.references", "").strip();
        if (wanted.isEmpty()) {
            return NAMES;
        }
        return java.util.Arrays.stream(wanted.split(",")).map(String::strip).filter(NAMES::contains).toList();
    }

    private ReferenceGateways() {
    }

    /** The packaged jar of one reference gateway, when -Pbench built it. */
    static Optional<Path> jar(String name) {
        Path jar = Path.of("bench", "reference-gateways", name, "target", "reference-" + name + ".jar").toAbsolutePath();
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** A started reference gateway: its container and the loopback port its 8080 is published on. */
    record Running(String containerId, int port) {
    }

    /** Starts the jar in a container of the stack, routing {@code /service-web/**} to {@code upstream} (http://ip:port). */
    static Running start(BenchEnvironment env, String name, Path jar, String upstream) {
        ExposedPort http = ExposedPort.tcp(8080);
        Ports published = new Ports();
        published.bind(http, new Ports.Binding("127.0.0.1", null));
        String id = env.docker.createContainerCmd(env.probeImage)
                .withName("bench-reference-" + name + "-" + env.runId)
                .withLabels(Map.of("bench-run", env.runId, "SERVICE_IGNORE", "true"))
                .withEnv("UPSTREAM=" + upstream)
                .withExposedPorts(http)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(env.network).withPortBindings(published)
                        .withBinds(Bind.parse(jar + ":/app/app.jar:ro")))
                .withCmd("java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=60", "-jar", "/app/app.jar")
                .exec().getId();
        env.docker.startContainerCmd(id).exec();
        Ports.Binding[] bindings = env.docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().get(http);
        return new Running(id, Integer.parseInt(bindings[0].getHostPortSpec()));
    }

    static void remove(BenchEnvironment env, Running gateway) {
        env.docker.removeContainerCmd(gateway.containerId()).withForce(true).exec();
    }
}
