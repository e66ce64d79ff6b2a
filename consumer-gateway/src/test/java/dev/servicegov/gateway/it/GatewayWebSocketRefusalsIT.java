package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * WebSocket upgrades the gateway cannot carry are answered JSON as any request, and counted so: 503 without a healthy
 * instance, 502 when none could be reached or it is no WebSocket server, the instance's own refusal, 504 when it does
 * not accept in time, and 400 or 426 for a handshake no instance should see. Setup in {@link WebSocketITBase}.
 */
class GatewayWebSocketRefusalsIT extends WebSocketITBase {

    @Test
    void aServiceWithoutAHealthyInstanceRefusesTheUpgradeWith503() throws Exception {
        consulApi().register("ws-down", "ws-down-1", 9, "web", "it");
        awaitListed("ws-down", 503);
        int countedBefore = answersCounted("ws-down", 503, "no healthy instance");

        assertThatThrownBy(() -> connect("/ws-down/chat", new WebSocketMessages())).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(503));
        String answer = sendRaw(upgradeRequest("/ws-down/chat"), 0);
        JsonNode body = bodyOf(answer);
        assertThat(answer).startsWith("HTTP/1.1 503");
        assertThat(body.get("error").asString()).isEqualTo("no healthy instance");
        assertThat(body.get("service").asString()).isEqualTo("ws-down");
        assertThat(answersCounted("ws-down", 503, "no healthy instance")).as("counted as the HTTP path's")
                .isEqualTo(countedBefore + 2);
    }

    @Test
    void anInstanceThatCannotBeReachedOrAnswersNoUpgradeIsAnswered502_ItsOwnRefusalKeepsItsStatus() throws Exception {
        startPassing("ws-plain", 1);
        awaitRoutable("ws-plain");
        consulApi().register("ws-gone", "ws-gone-1", aClosedPort(), "web", "it");
        consulApi().pass("ws-gone-1");
        awaitListed("ws-gone", 502);
        int countedBefore = answersCounted("ws-gone", 502, "the chosen instance could not be reached");

        for (String service : List.of("ws-plain", "ws-gone")) {
            String answer = sendRaw(upgradeRequest("/" + service + "/chat"), 0);
            assertThat(answer).as(service).startsWith("HTTP/1.1 502");
            assertThat(bodyOf(answer).get("service").asString()).isEqualTo(service);
        }
        assertThat(bodyOf(sendRaw(upgradeRequest("/ws-plain/chat"), 0)).get("error").asString())
                .contains("refused the WebSocket (200)");
        String refused = sendRaw(upgradeRequest("/ws-plain/status/401"), 0);
        assertThat(refused).as("the instance's own refusal").startsWith("HTTP/1.1 401");
        assertThat(bodyOf(refused).get("error").asString()).contains("refused the WebSocket (401)");
        String notFound = sendRaw(upgradeRequest("/ws-plain/status/404"), 0);
        assertThat(notFound).as("the instance's 404, not the gateway's \"unknown service\"").startsWith("HTTP/1.1 404");
        assertThat(bodyOf(notFound).get("error").asString()).isEqualTo("the instance refused the WebSocket (404)");
        assertThat(answersCounted("ws-gone", 502, "the chosen instance could not be reached")).isEqualTo(countedBefore + 1);
        assertThat(answersCounted("ws-plain", 404, "the instance refused the WebSocket (404)")).isEqualTo(1);
    }

    /** What RFC 6455 (4.2.1) asks of a handshake is checked before an instance is chosen, so none sees a bad one. */
    @Test
    void aHandshakeTheGatewayCannotTakeIsRefused400_OrForAnotherVersion426_BeforeAnyInstanceSeesIt() throws Exception {
        startWebSocketInstance("ws-strict");
        String upgrade = upgradeRequest("/ws-strict/chat");

        String noKey = sendRaw(upgrade.replace("Sec-WebSocket-Key", "X-Not-The-Key"), 0);
        String noUpgradeInConnection = sendRaw(upgrade.replace("Connection: Upgrade, close", "Connection: close"), 0);
        String version8 = sendRaw(upgrade.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"), 0);

        assertThat(noKey).startsWith("HTTP/1.1 400");
        assertThat(bodyOf(noKey).get("hint").asString()).startsWith("no Sec-WebSocket-Key header");
        assertThat(noUpgradeInConnection).startsWith("HTTP/1.1 400");
        assertThat(bodyOf(noUpgradeInConnection).get("hint").asString()).as("Jetty's own refusal")
                .startsWith("Invalid h2c upgrade headers");
        assertThat(version8).startsWith("HTTP/1.1 426").containsIgnoringCase("Sec-WebSocket-Version: 13\r\n");
        assertThat(bodyOf(version8).get("error").asString()).isEqualTo("unsupported WebSocket version");
        assertThat(instance.handshakes).as("handshakes an instance saw").isEmpty();
        assertThat(answersCounted("ws-strict", 400, "bad WebSocket handshake")).isEqualTo(1);
        assertThat(answersCounted("ws-strict", 426, "unsupported WebSocket version")).isEqualTo(1);
    }

    @Test
    void anInstanceThatNeverAnswersTheHandshakeIsAnswered504AfterTheServicesResponseTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            consulApi().register("ws-silent", "ws-silent-1", silent.getLocalPort(), "web", "it");
            consulApi().pass("ws-silent-1");
            awaitListed("ws-silent", 504);

            long sentAt = System.nanoTime();
            String answer = sendRaw(upgradeRequest("/ws-silent/chat"), 0);

            assertThat(answer).startsWith("HTTP/1.1 504");
            assertThat(bodyOf(answer).get("error").asString()).isEqualTo("the chosen instance did not answer in time");
            assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).as("gateway.services.ws-silent.response-timeout: 500ms")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }
}
