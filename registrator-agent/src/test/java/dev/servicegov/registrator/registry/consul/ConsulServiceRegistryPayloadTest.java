package dev.servicegov.registrator.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.servicegov.registrator.bridge.CheckDefinition;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.bridge.ServiceMapper;
import dev.servicegov.registrator.registry.RegistryUri;
import dev.servicegov.registrator.registry.consul.FakeConsulAgent.Request;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the registry sends to Consul's agent API, as Consul receives it: the real client against a fake agent on
 * 127.0.0.1. Every check field is compared as a whole object, so a field that goes missing (or appears) fails here.
 */
class ConsulServiceRegistryPayloadTest {

    private static final String TOKEN = "registrator-token";

    private FakeConsulAgent agent;
    private List<Request> requests;
    private ConsulServiceRegistry registry;

    @BeforeEach
    void startFakeAgent() throws IOException {
        agent = FakeConsulAgent.start();
        requests = agent.requests();
        registry = new ConsulServiceRegistry(ConsulHttpClients.create(RegistryUri.parse(agent.uri()), TOKEN));
    }

    @AfterEach
    void stopFakeAgent() {
        agent.close();
    }

    private static ServiceDefinition service(CheckDefinition check) {
        Map<String, String> meta = Map.of(ServiceMapper.OWNER_KEY, ServiceMapper.OWNER,
                ServiceMapper.NODE_KEY, "node-1", ServiceMapper.CONTAINER_ID_KEY, "c0ffee",
                ServiceMapper.CONTAINER_NAME_KEY, "web-1", "version", "2");
        return new ServiceDefinition("node-1:web-1:8080", "web", "10.0.0.5", 8080, List.of("blue", "v2"), meta, check,
                "c0ffee", "web-1", "label SERVICE_NAME");
    }

    private Request onlyRequest() {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private Request registered(ServiceDefinition service) {
        registry.register(service);
        Request request = onlyRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/v1/agent/service/register");
        assertThat(request.token()).as("the ACL token goes with every call").isEqualTo(TOKEN);
        return request;
    }

    static Stream<Arguments> checks() {
        return Stream.of(
                Arguments.of("http, HEAD, skipping TLS verification, with an initial status",
                        new CheckDefinition("http", "http://10.0.0.5:8080/actuator/health", "2s", "1s", "1m", "warning",
                                "HEAD", true, null),
                        Map.of("Name", "Service 'web' http check", "HTTP", "http://10.0.0.5:8080/actuator/health",
                                "Interval", "2s", "Timeout", "1s", "Method", "HEAD", "TLSSkipVerify", true,
                                "Status", "warning", "DeregisterCriticalServiceAfter", "1m")),
                Arguments.of("https (an http check on an https URL), GET and verified",
                        new CheckDefinition("http", "https://10.0.0.5:8443/health", "5s", "2s", "90s", null, null,
                                false, null),
                        Map.of("Name", "Service 'web' http check", "HTTP", "https://10.0.0.5:8443/health",
                                "Interval", "5s", "Timeout", "2s", "DeregisterCriticalServiceAfter", "90s")),
                Arguments.of("tcp",
                        new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m"),
                        Map.of("Name", "Service 'web' tcp check", "TCP", "10.0.0.5:8080", "Interval", "10s",
                                "Timeout", "3s", "DeregisterCriticalServiceAfter", "1m")),
                Arguments.of("grpc, skipping TLS verification, with an initial status",
                        new CheckDefinition("grpc", "10.0.0.5:9090/health.v1", "4s", "2s", "2m", "critical", null, true,
                                null),
                        Map.of("Name", "Service 'web' grpc check", "GRPC", "10.0.0.5:9090/health.v1", "Interval", "4s",
                                "Timeout", "2s", "TLSSkipVerify", true, "Status", "critical",
                                "DeregisterCriticalServiceAfter", "2m")),
                Arguments.of("grpc over TLS",
                        new CheckDefinition("grpc", "10.0.0.5:9090", "4s", "2s", "2m", null, null, false, null, true),
                        Map.of("Name", "Service 'web' grpc check", "GRPC", "10.0.0.5:9090", "Interval", "4s",
                                "Timeout", "2s", "GRPCUseTLS", true, "DeregisterCriticalServiceAfter", "2m")),
                Arguments.of("http with headers",
                        new CheckDefinition("http", "http://10.0.0.5:8080/health", "5s", "2s", "1m")
                                .withHeaders(Map.of("Accept", List.of("text/plain", "application/json"))),
                        Map.of("Name", "Service 'web' http check", "HTTP", "http://10.0.0.5:8080/health", "Interval", "5s",
                                "Timeout", "2s", "Header", Map.of("Accept", List.of("text/plain", "application/json")),
                                "DeregisterCriticalServiceAfter", "1m")),
                Arguments.of("script, run by sh -c",
                        new CheckDefinition("script", "curl -fs http://10.0.0.5:8080/ping", "30s", "5s", "1m"),
                        Map.of("Name", "Service 'web' script check",
                                "Args", List.of("sh", "-c", "curl -fs http://10.0.0.5:8080/ping"), "Interval", "30s",
                                "Timeout", "5s", "DeregisterCriticalServiceAfter", "1m")),
                Arguments.of("ttl: neither interval nor timeout, even when the definition has them",
                        new CheckDefinition("ttl", "15s", "2s", "1s", "1m", "passing", null, false, "7s"),
                        Map.of("Name", "Service 'web' ttl check", "TTL", "15s", "Status", "passing",
                                "DeregisterCriticalServiceAfter", "1m")),
                Arguments.of("docker: a TTL check carrying the HEALTHCHECK verdict, with a note saying so",
                        new CheckDefinition("docker", "30s", null, null, "1m", "warning", null, false, "10s"),
                        Map.of("Name", "Service 'web' docker check", "TTL", "30s",
                                "Notes", "the container's Docker HEALTHCHECK verdict, set by registrator-agent",
                                "Status", "warning", "DeregisterCriticalServiceAfter", "1m")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void theCheckCarriesExactlyItsFields(String description, CheckDefinition check, Map<String, Object> expected) {
        Map<String, Object> body = registered(service(check)).json();

        assertThat(body).containsEntry("Check", expected);
        assertThat(body.get("Check")).as("Consul removes a service whose check stays critical only if told to")
                .asInstanceOf(MAP)
                .containsKey("DeregisterCriticalServiceAfter");
    }

    @Test
    void theServiceCarriesItsAddressTagsAndMetaWithTheOwnershipKeysAndTheFingerprint() {
        ServiceDefinition service = service(new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m"));
        Map<String, Object> body = registered(service).json();

        assertThat(body).containsOnlyKeys("ID", "Name", "Address", "Port", "Tags", "Meta", "Check")
                .containsEntry("ID", "node-1:web-1:8080")
                .containsEntry("Name", "web")
                .containsEntry("Address", "10.0.0.5")
                .containsEntry("Port", 8080)
                .containsEntry("Tags", List.of("blue", "v2"));
        assertThat(body.get("Meta")).as("the keys listOwned reads back, the container's and the service's own")
                .isEqualTo(Map.of(ServiceMapper.OWNER_KEY, ServiceMapper.OWNER, ServiceMapper.NODE_KEY, "node-1",
                        ServiceMapper.CONTAINER_ID_KEY, "c0ffee", ServiceMapper.CONTAINER_NAME_KEY, "web-1",
                        "version", "2", ServiceMapper.FINGERPRINT_KEY, service.fingerprint()));
        assertThat(service.fingerprint()).isNotBlank();
    }

    @Test
    void tagOverrideIsSentWhenAsked() {
        ServiceDefinition plain = service(null);
        ServiceDefinition overridable = new ServiceDefinition(plain.id(), plain.name(), plain.address(), plain.port(), plain.tags(),
                plain.meta(), null, plain.containerId(), plain.containerName(), plain.nameRule(), null, null, true);
        // without it, the key is not sent at all: see the test above
        assertThat(registered(overridable).json()).containsEntry("EnableTagOverride", true);
    }

    @Test
    void aReplacementReadsTheOldChecksStatusRegistersWithItThenDeregistersTheOldId() {
        agent.answerChecks("{\"service:node-1:web-0:8080\": {\"CheckID\": \"service:node-1:web-0:8080\", \"Status\": \"passing\"}}");
        registry.replace(service(new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m")), "node-1:web-0:8080");

        assertThat(requests).extracting(request -> request.method() + " " + request.path()).containsExactly(
                "GET /v1/agent/checks", "PUT /v1/agent/service/register", "PUT /v1/agent/service/deregister/node-1:web-0:8080");
        assertThat(requests.get(1).json().get("Check")).asInstanceOf(MAP).containsEntry("Status", "passing");
    }

    @Test
    void aReplacementKeepsAStatusOfItsOwnAndCarriesNoneWhenTheOldCheckIsGoneOrTheContainerPaused() {
        agent.answerChecks("{\"service:node-1:web-0:8080\": {\"Status\": \"passing\"}}");
        registry.replace(service(new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m", "critical", null, false, null)),
                "node-1:web-0:8080");
        registry.replace(service(new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m")), "node-1:gone:8080");
        registry.replace(service(new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m")).withMaintenance("paused"),
                "node-1:web-0:8080");

        List<Request> registrations = requests.stream().filter(request -> request.path().endsWith("/register")).toList();
        assertThat(registrations).hasSize(3);
        assertThat(registrations.get(0).json().get("Check")).asInstanceOf(MAP).containsEntry("Status", "critical");
        assertThat(registrations.get(1).json().get("Check")).asInstanceOf(MAP).doesNotContainKey("Status");
        assertThat(registrations.get(2).json().get("Check")).asInstanceOf(MAP).doesNotContainKey("Status");
        assertThat(requests).as("a paused container's old check is not even read")
                .filteredOn(request -> request.path().equals("/v1/agent/checks")).hasSize(2);
    }

    @Test
    void extraChecksGoAsChecksNumberedAfterTheServicesOwnWhichIsNamedThenWithoutRemovingTheService() {
        ServiceDefinition service = service(new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m"))
                .withExtraChecks(List.of(new CheckDefinition("http", "http://10.0.0.5:8080/db", "30s", "2s", null),
                        new CheckDefinition("tcp", "10.0.0.5:5005", "5s", "1s", null, "passing", null, false, null)));
        Map<String, Object> body = registered(service).json();

        assertThat(body.get("Check")).asInstanceOf(MAP).containsEntry("CheckID", "service:node-1:web-1:8080")
                .containsEntry("DeregisterCriticalServiceAfter", "1m");
        assertThat(body.get("Checks")).isEqualTo(List.of(
                Map.of("Name", "Service 'web' check 2: http", "HTTP", "http://10.0.0.5:8080/db", "Interval", "30s",
                        "Timeout", "2s", "CheckID", "service:node-1:web-1:8080:2"),
                Map.of("Name", "Service 'web' check 3: tcp", "TCP", "10.0.0.5:5005", "Interval", "5s", "Timeout", "1s",
                        "Status", "passing", "CheckID", "service:node-1:web-1:8080:3")));
        assertThat(ConsulServiceRegistry.payload(service(new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m")),
                checkSuffix -> null)).as("without extra checks, as before").doesNotContainKey("Checks")
                .extracting("Check").asInstanceOf(MAP).doesNotContainKey("CheckID");
    }

    @Test
    void aReplacementCarriesTheStatusOfEachExtraCheckToItsNewId() {
        agent.answerChecks("{\"service:node-1:web-0:8080\": {\"Status\": \"passing\"},"
                + " \"service:node-1:web-0:8080:2\": {\"Status\": \"warning\"}}");
        registry.replace(service(new CheckDefinition("tcp", "10.0.0.5:8080", "10s", "3s", "1m")).withExtraChecks(List.of(
                new CheckDefinition("http", "http://10.0.0.5:8080/db", "30s", "2s", null),
                new CheckDefinition("http", "http://10.0.0.5:8080/new", "30s", "2s", null))), "node-1:web-0:8080");

        Map<String, Object> body = requests.get(1).json();
        assertThat(body.get("Check")).asInstanceOf(MAP).containsEntry("Status", "passing");
        List<?> extras = (List<?>) body.get("Checks");
        assertThat(extras.stream().map(check -> (Object) ((Map<?, ?>) check).get("Status")).toList()).containsExactly("warning", null);
    }

    @Test
    void aServiceWithoutACheckIsRegisteredWithoutOne() {
        Map<String, Object> body = registered(service(null)).json();

        assertThat(body).containsOnlyKeys("ID", "Name", "Address", "Port", "Tags", "Meta");
    }

    @Test
    void maintenanceIsSwitchedOnWithItsReasonAndOffWithAnEmptyOne() {
        String reason = "container web-1 is paused (registrator-agent) & idle";
        registry.maintenance("node-1:web-1:8080", true, reason);
        registry.maintenance("node-1:web-1:8080", false, null);

        assertThat(requests).extracting(Request::method, Request::path, Request::query, Request::token)
                .containsExactly(
                        tuple("PUT", "/v1/agent/service/maintenance/node-1:web-1:8080",
                                Map.of("enable", "true", "reason", reason), TOKEN),
                        tuple("PUT", "/v1/agent/service/maintenance/node-1:web-1:8080",
                                Map.of("enable", "false", "reason", ""), TOKEN));
    }

    @Test
    void aTtlUpdateSetsTheServicesCheckStatusAndOutput() {
        registry.updateTtl("node-1:web-1:8080", "critical", "unhealthy: exit 1");

        Request request = onlyRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/v1/agent/check/update/service:node-1:web-1:8080");
        assertThat(request.json()).isEqualTo(Map.of("Status", "critical", "Output", "unhealthy: exit 1"));
    }
}
