package dev.servicegov.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import dev.servicegov.gateway.consul.CatalogPresence;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.discovery.ConsulServiceInstance;
import org.springframework.cloud.consul.model.http.health.HealthService;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

class ErrorClassifierTest {

    private final ErrorClassifier classifier = new ErrorClassifier();

    @Test
    void noHealthyInstanceIs503() {
        GatewayError answer = classifier.noHealthyInstance("svc");

        assertThat(answer.status().value()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo(new ErrorBody("no healthy instance", "svc", answer.body().hint(), 503));
        assertThat(answer.body().hint()).contains("svc");
    }

    @Test
    void noRouteForAServiceConsulKnowsIs503() {
        GatewayError answer = classifier.classify(new ResponseStatusException(HttpStatus.NOT_FOUND), "svc",
                CatalogPresence.LISTED);

        assertThat(answer.status().value()).isEqualTo(503);
        assertThat(answer.body().error()).isEqualTo("no healthy instance");
    }

    @Test
    void noRouteForAServiceConsulNeverHeardOfIs404() {
        GatewayError answer = classifier.classify(new ResponseStatusException(HttpStatus.NOT_FOUND), "nope",
                CatalogPresence.NOT_LISTED);

        assertThat(answer.status().value()).isEqualTo(404);
        assertThat(answer.body().error()).isEqualTo("unknown service");
        assertThat(answer.body().service()).isEqualTo("nope");
        assertThat(answer.body().hint()).contains("GET /services");
    }

    @Test
    void aNameConsulHasInAnotherCaseIsSuggested() {
        GatewayError answer = classifier.classify(new ResponseStatusException(HttpStatus.NOT_FOUND), "Web",
                CatalogPresence.NOT_LISTED, "web");

        assertThat(answer.status().value()).isEqualTo(404);
        assertThat(answer.body().hint()).contains("no service named 'Web'; did you mean 'web'?");
    }

    @Test
    void noRouteWhileConsulCannotBeAskedIs503NamingConsul() {
        GatewayError answer = classifier.classify(new ResponseStatusException(HttpStatus.NOT_FOUND), "svc",
                CatalogPresence.CONSUL_UNREACHABLE);

        assertThat(answer.status().value()).isEqualTo(503);
        assertThat(answer.body().error()).isEqualTo("Consul unreachable");
        assertThat(answer.body().service()).isEqualTo("svc");
        assertThat(answer.body().hint()).contains("Consul is unreachable", "'svc'");
    }

    @Test
    void aServiceThatJustLostItsLastInstanceIs503NotUnknown() {
        GatewayError answer = classifier.classify(new ResponseStatusException(HttpStatus.NOT_FOUND), "web",
                CatalogPresence.DEPARTED);

        assertThat(answer.status().value()).isEqualTo(503);
        assertThat(answer.body().error()).isEqualTo("no healthy instance");
        assertThat(answer.body().hint()).contains("'web'", "last instance left", "restarting or being replaced");
    }

    @Test
    void aHiddenServiceIs404NamingTheSettingAndWhyConsulIsHidden() {
        GatewayError consul = classifier.classify(new ResponseStatusException(HttpStatus.NOT_FOUND), "consul",
                CatalogPresence.HIDDEN);
        GatewayError other = classifier.classify(new ResponseStatusException(HttpStatus.NOT_FOUND), "billing",
                CatalogPresence.HIDDEN);

        assertThat(consul.status().value()).isEqualTo(404);
        assertThat(consul.body().error()).isEqualTo("service not routed");
        assertThat(consul.body().hint()).contains("gateway.hidden-services", "GATEWAY_HIDDEN_SERVICES", "RPC port");
        assertThat(other.body().hint()).contains("'billing'", "gateway.hidden-services").doesNotContain("RPC");
    }

    @Test
    void theRootPathNamesNoServiceAndIs404() {
        GatewayError answer = classifier.classify(new ResponseStatusException(HttpStatus.NOT_FOUND), null,
                CatalogPresence.NOT_LISTED);

        assertThat(answer.status().value()).isEqualTo(404);
        assertThat(answer.body().service()).isNull();
        assertThat(answer.body().hint()).doesNotContain("null").contains("/{service}");
    }

    @Test
    void onlyANoRouteNeedsTheCatalog() {
        assertThat(classifier.needsCatalogLookup(new ResponseStatusException(HttpStatus.NOT_FOUND))).isTrue();
        assertThat(classifier.needsCatalogLookup(new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED))).isFalse();
        assertThat(classifier.needsCatalogLookup(new ConnectException("refused"))).isFalse();
    }

    @Test
    void anUpstreamConnectionFailureAnywhereInTheCausesIs502() {
        RuntimeException wrapped = new RuntimeException("routing failed", new ConnectException("Connection refused"));

        GatewayError answer = classifier.upstreamFailure(wrapped, "svc", List.of());

        assertThat(answer.status().value()).isEqualTo(502);
        assertThat(answer.body().service()).isEqualTo("svc");
    }

    @Test
    void aServiceOfUdpPortsIsSaidToBeOneTheGatewayCannotCarry() {
        ServiceInstance udp = consulInstance("dns-1", "udp");
        ServiceInstance tcp = consulInstance("dns-2");

        GatewayError answer = classifier.upstreamFailure(new ConnectException("Connection refused"), "dns", List.of(udp));

        assertThat(answer.status().value()).isEqualTo(502);
        assertThat(answer.body().hint()).contains("registered for UDP");
        assertThat(classifier.upstreamFailure(new ConnectException("refused"), "dns", List.of(udp, tcp)).body().hint())
                .as("a TCP instance among them").doesNotContain("UDP");
    }

    @Test
    void aRequestThatCouldNotEvenWaitForAConnectionIs503() {
        GatewayError answer = classifier.upstreamFailure(new RejectedExecutionException("Max requests queued per"
                + " destination 1024 exceeded"), "svc", List.of());

        assertThat(answer.status().value()).isEqualTo(503);
        assertThat(answer.body().hint()).contains("gateway.proxy.max-connections-per-instance");
    }

    @Test
    void anUpstreamTimeoutIs504() {
        assertThat(classifier.upstreamFailure(new TimeoutException("slow"), "svc", List.of()).status().value()).isEqualTo(504);
        assertThat(classifier.upstreamFailure(new RuntimeException(new TimeoutException("slow")), "svc", List.of()).status().value())
                .isEqualTo(504);
    }

    @Test
    void otherFrameworkStatusesAreKept() {
        GatewayError answer = classifier.classify(new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED), "services",
                CatalogPresence.NOT_LISTED);

        assertThat(answer.status().value()).isEqualTo(405);
        assertThat(answer.body().error()).isEqualTo("method not allowed");
    }

    @Test
    void anythingElseIsA500WithoutDetails() {
        GatewayError answer = classifier.classify(new IllegalStateException("secret internals"), "svc",
                CatalogPresence.LISTED);

        assertThat(answer.status().value()).isEqualTo(500);
        assertThat(answer.body().toString()).doesNotContain("secret internals");
    }

    @Test
    void aRequestTheServerRefusedKeepsItsStatusWithTheReasonInTheHint() {
        GatewayError malformed = classifier.refusedByServer(400, "Bad UTF-8 encoding", "svc");
        assertThat(malformed.body()).isEqualTo(new ErrorBody("bad request", "svc", malformed.body().hint(), 400));
        assertThat(malformed.body().hint()).startsWith("Bad UTF-8 encoding: ").contains("percent-encoding");

        GatewayError headers = classifier.refusedByServer(431, "Request Header Fields Too Large", null);
        assertThat(headers.body().error()).isEqualTo("request header fields too large");
        assertThat(headers.body().hint()).contains("server.max-http-request-header-size", "SERVER_MAX_HTTP_REQUEST_HEADER_SIZE");
        assertThat(classifier.refusedByServer(414, "URI Too Long", null).body().hint())
                .contains("server.max-http-request-header-size");
    }

    @Test
    void aServerFailureNothingElseAnsweredGivesNoDetails() {
        GatewayError answer = classifier.refusedByServer(500, "java.lang.IllegalStateException: secret", "svc");

        assertThat(answer.body()).isEqualTo(new ErrorBody("internal server error", "svc",
                "see the gateway's log for details", 500));
    }

    private static ServiceInstance consulInstance(String id, String... tags) {
        HealthService health = new HealthService();
        HealthService.Service service = new HealthService.Service();
        service.setId(id);
        service.setService("dns");
        service.setAddress("172.17.0.9");
        service.setPort(53);
        service.setTags(List.of(tags));
        health.setService(service);
        return new ConsulServiceInstance(health, "dns");
    }
}
