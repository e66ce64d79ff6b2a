package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Containers on two user-defined networks against the real engine and Consul: each is registered with its address on
 * the network its rule picks (SERVICE_NETWORK, per-port beating global, registrator.network, the network shared with
 * the Consul agent, the first by name, a missing network falling through) and, asked for IPv6, its IPv6 address. A
 * container on none of the agent's networks is registered with a warning that the agent may not reach it; one in another
 * container's network namespace at that one's address.
 */
@RequiresDocker
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorNetworkIT {

    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = UUID.randomUUID().toString();
    static final String PREFIX = "regnet-" + RUN.substring(0, 8) + "-";

    static final Network AA = named("aa", false);
    static final Network BB = named("bb", false);
    static final Network V6 = named("v6", true);
    /** registrator.network */
    static final Network YY = named("yy", false);
    /** the Consul agent's */
    static final Network ZZ = named("zz", false);

    static final List<GenericContainer<?>> STARTED = new ArrayList<>();
    static ConsulContainer consul;
    static String node;

    @Value("${local.server.port}")
    int agentPort;

    static Network named(String suffix, boolean ipv6) {
        String subnet = "fd00:" + RUN.substring(9, 13) + ":" + RUN.substring(14, 18) + "::/64";
        return Network.builder().enableIpv6(ipv6).createNetworkCmdModifier(cmd -> {
            cmd.withName(PREFIX + suffix);
            if (ipv6) {
                cmd.withIpam(new com.github.dockerjava.api.model.Network.Ipam()
                        .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(subnet)));
            }
        }).build();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consul = TestConsul.create().withNetwork(ZZ);
        consul.start();
        node = docker().infoCmd().exec().getName();
        registry.add("registrator.registry-uri", () -> "http://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.registry-container", () -> consul.getContainerName().substring(1));
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
        registry.add("registrator.network", () -> PREFIX + "yy");
        // what a test sees follows the events, not a resync
        registry.add("registrator.resync-interval", () -> "10m");
    }

    @AfterAll
    static void stop() {
        STARTED.forEach(GenericContainer::stop);
        if (consul != null) {
            consul.stop();
        }
        List.of(AA, BB, V6, YY, ZZ).forEach(Network::close);
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** A container started on the first network and then connected to the others. */
    static GenericContainer<?> on(String name, Map<String, String> labels, Network first, Network... more) {
        GenericContainer<?> container = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080))
                .withExposedPorts(8080)
                .withNetwork(first)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", name)
                .withLabels(labels);
        STARTED.add(container);
        container.start();
        for (Network network : more) {
            docker().connectToNetworkCmd().withNetworkId(network.getId()).withContainerId(container.getContainerId()).exec();
        }
        return container;
    }

    static ContainerNetwork network(GenericContainer<?> container, String suffix) {
        return docker().inspectContainerCmd(container.getContainerId()).exec().getNetworkSettings().getNetworks().get(PREFIX + suffix);
    }

    static Map<String, Object> service(GenericContainer<?> container) {
        return service(container, 8080);
    }

    static Map<String, Object> service(GenericContainer<?> container, int port) {
        String id = node + ":" + container.getContainerName().substring(1) + ":" + port;
        Map<String, Map<String, Object>> services = RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500)).get()
                .uri("/v1/agent/services").retrieve().body(SERVICES);
        return services == null ? null : services.get(id);
    }

    static void assertRegisteredAt(GenericContainer<?> container, String address) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(service(container)).isNotNull().containsEntry("Address", address);
        });
    }

    @Test
    void serviceNetworkLabelPicksItsNetwork() {
        GenericContainer<?> web = on("it-net-label", Map.of("SERVICE_NETWORK", PREFIX + "bb"), AA, BB, ZZ);
        assertRegisteredAt(web, network(web, "bb").getIpAddress());
        List<Map<String, Object>> registrations = RestClient.create("http://127.0.0.1:" + agentPort).get().uri("/registrations")
                .retrieve().body(new ParameterizedTypeReference<List<Map<String, Object>>>() { });
        assertThat(registrations).anySatisfy(registration -> assertThat(registration)
                .containsEntry("name", "it-net-label").containsEntry("addressRule", "label SERVICE_NETWORK"));
        assertThat(service(web).get("Meta")).as("SERVICE_NETWORK is no meta").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKey("container-id").doesNotContainKey("network");
    }

    @Test
    void perPortEnvBeatsTheGeneralLabel() {
        GenericContainer<?> web = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080)).withExposedPorts(8080).withNetwork(AA)
                .withLabel(RUN_LABEL, RUN).withLabel("SERVICE_NAME", "it-net-port").withLabel("SERVICE_NETWORK", PREFIX + "aa")
                .withEnv("SERVICE_8080_NETWORK", PREFIX + "bb");
        STARTED.add(web);
        web.start();
        docker().connectToNetworkCmd().withNetworkId(BB.getId()).withContainerId(web.getContainerId()).exec();
        assertRegisteredAt(web, network(web, "bb").getIpAddress());
    }

    @Test
    void registratorNetworkBeatsTheAgentsNetwork() {
        GenericContainer<?> web = on("it-net-global", Map.of(), AA, YY, ZZ);
        assertRegisteredAt(web, network(web, "yy").getIpAddress());
    }

    @Test
    void networkSharedWithTheConsulAgentBeatsTheFirstByName(CapturedOutput output) {
        GenericContainer<?> web = on("it-net-agent", Map.of(), AA, ZZ);
        assertRegisteredAt(web, network(web, "zz").getIpAddress());
        // started on aa alone, it is warned about until it is connected to zz; not once it is on both
        assertThat(output.getOut()).as("the log").doesNotContain("container '" + web.getContainerName().substring(1) + "' ("
                + web.getContainerId().substring(0, 12) + "): shares no network with the Consul agent (it is on [" + PREFIX + "aa, "
                + PREFIX + "zz]");
    }

    @Test
    void otherwiseTheFirstNetworkByNameWithAWarningThatTheAgentMayNotReachIt(CapturedOutput output) {
        GenericContainer<?> web = on("it-net-first", Map.of(), BB, AA);
        assertRegisteredAt(web, network(web, "aa").getIpAddress());
        String name = web.getContainerName().substring(1);
        assertThat(output.getOut()).as("the log")
                .contains("container '" + name + "' (" + web.getContainerId().substring(0, 12)
                        + "): shares no network with the Consul agent (it is on [" + PREFIX + "aa, " + PREFIX + "bb], the agent on ["
                        + PREFIX + "zz]); registering its address on " + PREFIX + "aa");
    }

    @Test
    void aNetworkTheContainerIsNotOnFallsThroughToTheNextRule() {
        GenericContainer<?> web = on("it-net-missing", Map.of("SERVICE_NETWORK", PREFIX + "nope"), AA, ZZ);
        assertRegisteredAt(web, network(web, "zz").getIpAddress());
    }

    @Test
    void ipv6WhenAsked() {
        GenericContainer<?> web = on("it-net-v6", Map.of("SERVICE_NETWORK", PREFIX + "v6", "SERVICE_IP_VERSION", "6"), V6, AA);
        String ipv6 = network(web, "v6").getGlobalIPv6Address();
        assertThat(ipv6).as("the engine gave the container an IPv6 address").contains(":");
        assertRegisteredAt(web, ipv6);
    }

    /**
     * {@code --network container:X} (Compose's {@code network_mode: service:X}): Docker gives such a container no address
     * of its own; it is registered at X's, where its port listens (gliderlabs/registrator registered it without one).
     */
    @Test
    void aContainerInAnothersNetworkNamespaceIsRegisteredAtThatOnesAddress() {
        GenericContainer<?> owner = on("it-net-owner", Map.of(), ZZ);
        GenericContainer<?> sidecar = sidecarOf(owner, "it-net-sidecar");

        String ownersAddress = network(owner, "zz").getIpAddress();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(service(sidecar, 9100)).isNotNull().containsEntry("Address", ownersAddress).containsEntry("Port", 9100));
    }

    /**
     * The sidecar gets no event when the container whose namespace it shares stops: that one's events re-read it, so it
     * leaves with it, not at the next resync (10 minutes here). Started again, that one has a new namespace, and the
     * sidecar is still in the old, empty one: it stays out.
     */
    @Test
    void aContainerInAnothersNetworkNamespaceLeavesWhenThatOneStops() {
        GenericContainer<?> owner = on("it-net-owner-stops", Map.of(), ZZ);
        GenericContainer<?> sidecar = sidecarOf(owner, "it-net-sidecar-stops");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(service(sidecar, 9100)).isNotNull());

        docker().stopContainerCmd(owner.getContainerId()).withTimeout(1).exec();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(service(sidecar, 9100)).as("the sidecar's service").isNull());

        docker().startContainerCmd(owner.getContainerId()).exec();
        assertRegisteredAt(owner, network(owner, "zz").getIpAddress());
        assertThat(service(sidecar, 9100)).as("the sidecar, left in the old namespace").isNull();
    }

    static GenericContainer<?> sidecarOf(GenericContainer<?> owner, String name) {
        // Docker refuses --expose with this network mode: only an image's EXPOSE gives such a container a port
        ImageFromDockerfile exposing9100 = new ImageFromDockerfile("servicegov/it-sidecar-9100", false)
                .withDockerfileFromBuilder(dockerfile -> dockerfile.from(TestImages.jre().asCanonicalNameString()).expose(9100));
        GenericContainer<?> sidecar = new GenericContainer<>(exposing9100)
                .withCommand("sh", "-c", TestImages.httpProbeCommand(9100))
                .withNetworkMode("container:" + owner.getContainerId())
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", name);
        STARTED.add(sidecar);
        sidecar.start();
        return sidecar;
    }
}
