package dev.servicegov.system;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.GenericContainer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Container;
import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;
import dev.servicegov.testsupport.TestImages;

/**
 * The project's docker-compose.yml, started the way the README says, under a project name of its own
 * and with its loopback ports moved aside so a developer's running stack does not collide with it.
 */
final class ComposeStack implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);

    private final String projectPrefix;
    private final List<File> files;
    private final ComposeContainer compose;
    private final int consulPort;
    private final int consulHttpsPort;
    private final int gatewayPort;
    private final String subnetPrefix;
    private String projectName;

    private ComposeStack(String projectPrefix, List<String> composeFiles, List<String> services, int webInstances)
            throws IOException {
        this.projectPrefix = projectPrefix;
        int[] ports = FreePorts.take(3);
        this.consulPort = ports[0];
        this.consulHttpsPort = ports[1];
        this.gatewayPort = ports[2];
        this.subnetPrefix = freeSubnetPrefix();
        this.files = composeFiles.stream().map(file -> TestImages.projectRoot().resolve(file).toFile()).toList();
        ComposeContainer container = new ComposeContainer(projectPrefix, files)
                .withPull(false)
                .withBuild(true)
                // a scaled service alone would make "up" start only that one: name them all
                .withServices((services.isEmpty() ? servicesOf(files) : services).toArray(String[]::new));
        this.compose = (webInstances > 0 ? container.withScaledService("service-web", webInstances) : container)
                .withEnv(environment())
                .withRemoveVolumes(true)
                .withStartupTimeout(Duration.ofMinutes(4));
    }

    /** Starts {@code docker compose [-f file]... up -d --build --scale service-web=N}. */
    static ComposeStack up(String projectPrefix, List<String> composeFiles, int webInstances) throws IOException {
        return started(new ComposeStack(projectPrefix, composeFiles, List.of(), webInstances));
    }

    /** Starts only the Consul cluster of docker-compose.yml: the three servers and the client agent. */
    static ComposeStack consulOnly(String projectPrefix) throws IOException {
        List<String> consul = new ArrayList<>(ConsulServers.NAMES);
        consul.add("consul-agent");
        return started(new ComposeStack(projectPrefix, List.of("docker-compose.yml"), consul, 0));
    }

    private static ComposeStack started(ComposeStack stack) {
        stack.compose.start();
        stack.projectName();
        return stack;
    }

    ConsulHttp consul() {
        return new ConsulHttp(consulPort);
    }

    /** The three Consul servers, asked through the client agent's published port. */
    ConsulServers consulServers() {
        return new ConsulServers(this, consul());
    }

    /** The client agent's published HTTPS port (TLS overlay), its certificate verified with the given trust. */
    ConsulHttp consulHttps(SSLContext trust) {
        return ConsulHttp.https(consulHttpsPort, trust);
    }

    /** The same port asked in plain HTTP. */
    ConsulHttp consulHttpsPortInPlainHttp() {
        return new ConsulHttp(consulHttpsPort);
    }

    /** What a command run in the first container of a service printed (stdout and stderr), and its exit code. */
    record Exec(long exitCode, String output) {
    }

    Exec exec(String service, String... command) throws InterruptedException {
        String container = containers(service).get(0).getId();
        String exec = docker().execCreateCmd(container).withCmd(command).withAttachStdout(true).withAttachStderr(true).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var callback = docker().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        })) {
            callback.awaitCompletion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exec(docker().inspectExecCmd(exec).exec().getExitCodeLong(), out.toString(StandardCharsets.UTF_8));
    }

    String gatewayUrl(String path) {
        return "http://127.0.0.1:" + gatewayPort + path;
    }

    /** Calls {@code /service-web/whoami} through the gateway and returns the {@code ip} each answer names; a failed call names nothing. */
    List<String> answeringIps(int calls) throws InterruptedException {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl("/service-web/whoami")))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    ips.add(JsonPath.read(response.body(), "$.ip"));
                }
            } catch (IOException e) {
                // counted as a missing answer
            }
        }
        return ips;
    }

    /** What the gateway's {@code /actuator/health} says of Consul: its {@code consulWatch} component's details. */
    Map<String, Object> gatewayConsulHealth() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl("/actuator/health")))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> details = JsonPath.read(response.body(), "$.components.consulWatch.details");
        details.put("status", JsonPath.read(response.body(), "$.status"));
        return details;
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

    /** The name of the stack's default network, for containers a test adds to it. */
    String network() {
        return projectName() + "_default";
    }

    /**
     * Whether the address lies in the stack's network: the registrator registers every container on the engine, so
     * another stack running on the same engine (a developer's own) shows up in this stack's Consul too.
     */
    boolean inNetwork(String ip) {
        return ip.startsWith(subnetPrefix + ".");
    }

    /** The compose project's name as Docker knows it (Testcontainers appends a random part to the prefix). */
    String projectName() {
        if (projectName == null) {
            projectName = containers("consul-agent").get(0).getLabels().get("com.docker.compose.project");
        }
        return projectName;
    }

    /** Runs {@code docker compose -p <project> -f ... <arguments>} on this stack and returns its output; fails when it fails. */
    String composeCommand(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker", "compose", "-p", projectName()));
        files.forEach(file -> command.addAll(List.of("-f", file.getPath())));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(files.get(0).getParentFile()).redirectErrorStream(true);
        builder.environment().putAll(environment());
        return run(builder, String.join(" ", command));
    }

    /** Removes a service's container, stopped first, and its data volume ({@code <service>-data}), as a lost disk would. */
    void removeWithItsData(String service) throws IOException {
        composeCommand("rm", "--stop", "--force", service);
        docker().removeVolumeCmd(projectName() + "_" + service + "-data").exec();
    }

    /** The last lines a service's containers logged, to explain a failure. */
    String logsOf(String service) throws IOException {
        return composeCommand("logs", "--no-color", "--tail", "60", service);
    }

    /** A small HTTP container on the stack's network, labelled for the registrator like any user's service. */
    @SuppressWarnings("resource")
    GenericContainer<?> probeContainer(String serviceName) {
        return new GenericContainer<>(TestImages.jre())
                .withNetworkMode(network())
                .withLabels(Map.of("SERVICE_NAME", serviceName, "SERVICE_CHECK_HTTP", "/health", "SERVICE_CHECK_INTERVAL", "1s"))
                .withExposedPorts(8080)
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080));
    }

    /** A container on the stack's network that does nothing, and that the registrator leaves alone. */
    @SuppressWarnings("resource")
    GenericContainer<?> idleContainer() {
        return new GenericContainer<>(TestImages.jre())
                .withNetworkMode(network())
                .withLabels(Map.of("SERVICE_IGNORE", "true"))
                .withCommand("sleep", "600");
    }

    private Map<String, String> environment() {
        return Map.of("CONSUL_HTTP_PORT", String.valueOf(consulPort), "CONSUL_HTTPS_PORT", String.valueOf(consulHttpsPort),
                "GATEWAY_PORT", String.valueOf(gatewayPort), "STACK_SUBNET_PREFIX", subnetPrefix);
    }

    /** A /24 no network of the engine overlaps (a developer's own stack has the compose file's default). */
    private static String freeSubnetPrefix() throws IOException {
        String script = TestImages.projectRoot().resolve("scripts/free-subnet-prefix.sh").toString();
        ProcessBuilder builder = new ProcessBuilder("bash", script).redirectErrorStream(true);
        return run(builder, "scripts/free-subnet-prefix.sh").strip();
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** Takes the stack down ({@code docker compose down -v}), bounded: {@link BoundedComposeDown}. */
    @Override
    public void close() {
        BoundedComposeDown.run(compose::stop, DOWN_TIMEOUT, this::engineView);
    }

    /** Each of the project's containers with its status, as {@code docker ps -a} shows them. */
    private String engineView() {
        try {
            return run(new ProcessBuilder("timeout", "10", "docker", "ps", "-a", "--filter",
                    "label=com.docker.compose.project=" + projectName(), "--format", "{{.Names}}: {{.Status}}")
                    .redirectErrorStream(true), "docker ps").lines().toList().toString();
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The services the compose files define, as {@code docker compose config --services} lists them. */
    private static List<String> servicesOf(List<File> files) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker", "compose"));
        files.forEach(file -> command.addAll(List.of("-f", file.getPath())));
        command.addAll(List.of("config", "--services"));
        String output = run(new ProcessBuilder(command).directory(files.get(0).getParentFile()).redirectErrorStream(true),
                "docker compose config --services");
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static String run(ProcessBuilder builder, String what) throws IOException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(what + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return output;
    }
}
