package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.dockerjava.api.model.HealthCheck;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;

/**
 * The agent against the real Docker engine and a real Consul: containers started before and after
 * the agent are registered with their bridge IP and port and a passing HTTP check, and deregistered
 * when they stop; kill deregisters before the process exits, pause means maintenance, a network
 * connect moves the address, a Docker HEALTHCHECK drives the check, and services the Consul agent
 * lost come back within seconds.
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorAgentIT {

    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };
    static final String HTTPD = TestImages.httpProbeCommand(8080);

    /** Only this run's containers are registered: the engine may run other people's containers too. */
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = java.util.UUID.randomUUID().toString();

    /** Preferred by the agent once a container joins it; it does not exist when the agent starts. */
    static final String NETWORK = "registrator-it-" + RUN.substring(0, 8);

    static final List<GenericContainer<?>> STARTED = new ArrayList<>();
    static ConsulContainer consul;
    static GenericContainer<?> early;
    static String node;

    @Value("${local.server.port}")
    int agentPort;

    @DynamicPropertySource
    static void startConsulAndAnEarlyContainer(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        node = DockerClientFactory.instance().client().infoCmd().exec().getName();
        // an orphan: owned by this agent on this node, but its container is long gone
        consulClient().put().uri("/v1/agent/service/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("ID", node + ":gone:80", "Name", "it-orphan", "Address", "172.17.0.250", "Port", 80,
                        "Meta", Map.of("registered-by", "registrator-agent", "registrator-node", node)))
                .retrieve().toBodilessEntity();
        early = httpd("it-early").withLabel("SERVICE_TAGS", "a,b").withLabel("SERVICE_ENABLE_TAG_OVERRIDE", "true");
        early.start();
        registry.add("registrator.registry-uri", () -> "consul://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.resync-interval", () -> "5s");
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
        registry.add("registrator.network", () -> NETWORK);
    }

    @AfterAll
    static void stopContainers() {
        STARTED.forEach(GenericContainer::stop);
        var docker = DockerClientFactory.instance().client();
        docker.listNetworksCmd().withNameFilter(NETWORK).exec().forEach(network -> docker.removeNetworkCmd(network.getId()).exec());
        if (consul != null) {
            consul.stop();
        }
    }

    static GenericContainer<?> httpd(String serviceName) {
        GenericContainer<?> container = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", HTTPD)
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", serviceName)
                .withLabel("SERVICE_CHECK_HTTP", "/health");
        STARTED.add(container);
        return container;
    }

    static RestClient consulClient() {
        return RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500));
    }

    static String ip(GenericContainer<?> container) {
        return container.getContainerInfo().getNetworkSettings().getNetworks().get("bridge").getIpAddress();
    }

    static List<Map<String, Object>> passing(String name) {
        return consulClient().get().uri("/v1/health/service/{name}?passing", name).retrieve().body(LIST);
    }

    static Map<String, Map<String, Object>> agentServices() {
        return consulClient().get().uri("/v1/agent/services").retrieve().body(SERVICES);
    }

    @SuppressWarnings("unchecked")
    static void assertPassingAt(String name, GenericContainer<?> container) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> entries = passing(name);
            assertThat(entries).hasSize(1);
            Map<String, Object> service = (Map<String, Object>) entries.get(0).get("Service");
            assertThat(service.get("Address")).isEqualTo(ip(container));
            assertThat(service.get("Port")).isEqualTo(8080);
            assertThat(service.get("ID")).isEqualTo(node + ":" + container.getContainerName().substring(1) + ":8080");
            List<Map<String, Object>> checks = (List<Map<String, Object>>) entries.get(0).get("Checks");
            assertThat(checks).anySatisfy(check -> assertThat(check.get("Output").toString()).contains("200"));
        });
    }

    @Test
    void containerRunningBeforeTheAgentIsRegisteredAndOrphansAreRemoved() {
        assertPassingAt("it-early", early);
        Map<String, Object> registered = agentServices().get(node + ":" + early.getContainerName().substring(1) + ":8080");
        assertThat(registered).containsEntry("Tags", List.of("a", "b")).containsEntry("EnableTagOverride", true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(agentServices()).doesNotContainKey(node + ":gone:80"));
    }

    @Test
    void startedContainerIsRegisteredWithPassingHttpCheckAndDeregisteredWhenStopped() {
        GenericContainer<?> web = httpd("it-web");
        web.start();
        assertPassingAt("it-web", web);
        String id = node + ":" + web.getContainerName().substring(1) + ":8080";
        assertThat(agentServices().get(id).get("Meta")).isInstanceOfSatisfying(Map.class, meta -> assertThat(meta)
                .containsEntry("registered-by", "registrator-agent")
                .containsEntry("container-id", web.getContainerId()));

        web.stop();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(agentServices()).doesNotContainKey(id);
            assertThat(consulClient().get().uri("/v1/health/service/it-web").retrieve().body(LIST)).isEmpty();
        });
    }

    @Test
    void ignoredContainerIsSkippedAndABadLabelStillRegistersTheRest() {
        GenericContainer<?> ignored = httpd("it-ignored").withLabel("SERVICE_IGNORE", "true");
        ignored.start();
        GenericContainer<?> bad = httpd("it-bad").withLabel("SERVICE_CHECK_INTERVAL", "banana");
        bad.start();
        assertPassingAt("it-bad", bad);
        assertThat(agentServices().values()).noneSatisfy(service -> assertThat(service.get("Service")).isEqualTo("it-ignored"));
        assertThat(passing("it-ignored")).isEmpty();
    }

    @Test
    void showsRegistrationsHealthAndMetrics() {
        assertPassingAt("it-early", early);
        RestClient agent = RestClient.create("http://127.0.0.1:" + agentPort);
        List<Map<String, Object>> registrations = agent.get().uri("/registrations").retrieve().body(LIST);
        assertThat(registrations).anySatisfy(registration -> {
            assertThat(registration).containsEntry("name", "it-early").containsEntry("port", 8080)
                    .containsEntry("address", ip(early)).containsEntry("nameRule", "label SERVICE_NAME")
                    .containsEntry("containerName", early.getContainerName().substring(1));
        });
        String health = agent.get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"status\":\"UP\"", "\"docker\"", "\"consul\"");
        String prometheus = agent.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(prometheus).contains("registrator_registrations_total", "registrator_events_total");
    }

    static String serviceId(GenericContainer<?> container) {
        return node + ":" + container.getContainerName().substring(1) + ":8080";
    }

    static List<Map<String, Object>> checks(String name) {
        return consulClient().get().uri("/v1/health/checks/{name}", name).retrieve().body(LIST);
    }

    @Test
    void pausePutsTheServiceIntoMaintenanceAndUnpauseTakesItOut() {
        GenericContainer<?> web = httpd("it-paused");
        web.start();
        assertPassingAt("it-paused", web);
        String id = serviceId(web);
        DockerClientFactory.instance().client().pauseContainerCmd(web.getContainerId()).exec();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(passing("it-paused")).isEmpty();
            assertThat(checks("it-paused")).anySatisfy(check -> {
                assertThat(check.get("CheckID")).isEqualTo("_service_maintenance:" + id);
                assertThat(check.get("Status")).isEqualTo("critical");
                assertThat(check.get("Notes").toString()).contains("paused");
            });
        });
        assertThat(agentServices()).as("still registered, only drained").containsKey(id);
        DockerClientFactory.instance().client().unpauseContainerCmd(web.getContainerId()).exec();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(checks("it-paused")).noneSatisfy(check -> assertThat(check.get("CheckID").toString()).startsWith("_service_maintenance")));
        assertPassingAt("it-paused", web);
    }

    @Test
    void dockerStopDeregistersAtOnceWhileTheContainerIsStillShuttingDownThoughItsStopSignalIsSigquit() {
        GenericContainer<?> slow = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", "mkdir -p /www && echo ok > /www/health && httpd -p 8080 -h /www && "
                        + "trap 'sleep 6; exit 0' QUIT; while true; do sleep 1; done")
                .withCreateContainerCmdModifier(cmd -> cmd.withStopSignal("SIGQUIT"))
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", "it-slow")
                .withLabel("SERVICE_CHECK_HTTP", "/health");
        STARTED.add(slow);
        slow.start();
        assertPassingAt("it-slow", slow);
        var docker = DockerClientFactory.instance().client();
        // as nginx is stopped: docker stop sends the image's STOPSIGNAL, here SIGQUIT, and waits for the exit
        var stopping = CompletableFuture.runAsync(() -> docker.stopContainerCmd(slow.getContainerId()).withTimeout(20).exec());
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(agentServices()).doesNotContainKey(serviceId(slow)));
        assertThat(docker.inspectContainerCmd(slow.getContainerId()).exec().getState().getRunning())
                .as("deregistered before the process exits, so consumers drain").isTrue();
        stopping.join();
    }

    @Test
    void servicesTheConsulAgentLostAreBackWithinSeconds() {
        assertPassingAt("it-early", early);
        String id = serviceId(early);
        consulClient().put().uri("/v1/agent/service/deregister/{id}", id).retrieve().toBodilessEntity();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(agentServices()).containsKey(id));
        assertPassingAt("it-early", early);
    }

    @Test
    void dockerHealthcheckVerdictBecomesTheConsulCheck() throws Exception {
        GenericContainer<?> checked = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", HTTPD)
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", "it-health")
                .withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD-SHELL", "test -f /tmp/ok")).withInterval(1_000_000_000L)
                        .withTimeout(1_000_000_000L).withRetries(1)));
        STARTED.add(checked);
        checked.start();
        String checkId = "service:" + serviceId(checked);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(checks("it-health")).anySatisfy(check -> {
                    assertThat(check.get("CheckID")).isEqualTo(checkId);
                    assertThat(check.get("Type")).isEqualTo("ttl");
                    assertThat(check.get("Status")).isIn("warning", "critical");
                }));
        checked.execInContainer("touch", "/tmp/ok");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(passing("it-health")).hasSize(1));
        checked.execInContainer("rm", "-f", "/tmp/ok");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(passing("it-health")).isEmpty();
            assertThat(checks("it-health")).anySatisfy(check -> {
                assertThat(check.get("CheckID")).isEqualTo(checkId);
                assertThat(check.get("Status")).isEqualTo("critical");
            });
        });
    }

    @Test
    void networkConnectAndDisconnectMoveTheRegisteredAddress() {
        GenericContainer<?> web = httpd("it-moving");
        web.start();
        assertPassingAt("it-moving", web);
        var docker = DockerClientFactory.instance().client();
        String network = docker.createNetworkCmd().withName(NETWORK).withLabels(Map.of(RUN_LABEL, RUN)).exec().getId();
        docker.connectToNetworkCmd().withNetworkId(network).withContainerId(web.getContainerId()).exec();
        String joined = docker.inspectContainerCmd(web.getContainerId()).exec().getNetworkSettings().getNetworks().get(NETWORK).getIpAddress();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(agentServices().get(serviceId(web)).get("Address")).isEqualTo(joined));
        docker.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(web.getContainerId()).exec();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(agentServices().get(serviceId(web)).get("Address")).isEqualTo(ip(web)));
    }
}
