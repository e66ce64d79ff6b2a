package dev.servicegov.system;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import dev.servicegov.testsupport.ConsulHttp;
import dev.servicegov.testsupport.TestImages;

/**
 * The project's docker-compose.yml, started the way the README says, under a project name of its own
 * and with its loopback ports moved aside so a developer's running stack does not collide with it.
 */
final class ComposeStack implements AutoCloseable {

    private final String projectPrefix;
    private final ComposeContainer compose;
    private final int consulPort;
    private final int gatewayPort;

    private ComposeStack(String projectPrefix, List<String> composeFiles, int webInstances) throws IOException {
        this.projectPrefix = projectPrefix;
        this.consulPort = freePort();
        this.gatewayPort = freePort();
        List<File> files = composeFiles.stream().map(file -> TestImages.projectRoot().resolve(file).toFile()).toList();
        this.compose = new ComposeContainer(projectPrefix, files)
                .withPull(false)
                .withBuild(true)
                // a scaled service alone would make "up" start only that one: name them all
                .withServices(servicesOf(files).toArray(String[]::new))
                .withScaledService("service-web", webInstances)
                .withEnv(Map.of("CONSUL_HTTP_PORT", String.valueOf(consulPort), "GATEWAY_PORT", String.valueOf(gatewayPort)))
                .withRemoveVolumes(true)
                .withStartupTimeout(Duration.ofMinutes(4));
    }

    /** Starts {@code docker compose [-f file]... up -d --build --scale service-web=N}. */
    static ComposeStack up(String projectPrefix, List<String> composeFiles, int webInstances) throws IOException {
        ComposeStack stack = new ComposeStack(projectPrefix, composeFiles, webInstances);
        stack.compose.start();
        return stack;
    }

    ConsulHttp consul() {
        return new ConsulHttp(consulPort);
    }

    String gatewayUrl(String path) {
        return "http://127.0.0.1:" + gatewayPort + path;
    }

    /** The running containers of one compose service of this stack. */
    List<Container> containers(String service) {
        return docker().listContainersCmd()
                .withLabelFilter(Map.of("com.docker.compose.service", service))
                .exec().stream()
                .filter(container -> container.getLabels().getOrDefault("com.docker.compose.project", "").startsWith(projectPrefix))
                .toList();
    }

    /** The container's IP on the stack's network, as Docker reports it. */
    String ipOf(String containerId) {
        return docker().inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks()
                .values().iterator().next().getIpAddress();
    }

    List<String> ipsOf(String service) {
        return containers(service).stream().map(container -> ipOf(container.getId())).toList();
    }

    /** The Consul server container whose address is the given IP. */
    Container consulServerAt(String ip) {
        return List.of("consul-server-1", "consul-server-2", "consul-server-3").stream()
                .flatMap(service -> containers(service).stream())
                .filter(container -> ipOf(container.getId()).equals(ip))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Consul server of the stack has the address " + ip));
    }

    /** The name of the stack's default network, for containers a test adds to it. */
    String network() {
        Container any = containers("consul-agent").get(0);
        return any.getLabels().get("com.docker.compose.project") + "_default";
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    @Override
    public void close() {
        compose.stop();
    }

    /** The services the compose files define, as {@code docker compose config --services} lists them. */
    private static List<String> servicesOf(List<File> files) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker", "compose"));
        files.forEach(file -> command.addAll(List.of("-f", file.getPath())));
        command.addAll(List.of("config", "--services"));
        Process process = new ProcessBuilder(command).directory(files.get(0).getParentFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("docker compose config --services failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
