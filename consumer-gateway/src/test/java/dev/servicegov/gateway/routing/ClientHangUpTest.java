package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpExchange;
import dev.servicegov.gateway.observe.RecentRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.util.unit.DataSize;

/** A client that hangs up on an answer still streaming from a healthy instance: the instance is not to blame. */
class ClientHangUpTest {

    private ProxyOnJetty gateway;

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void aClientHangingUpMidAnswerLeavesTheInstanceInRotationAndIsNotRetried() throws Exception {
        gateway = new ProxyOnJetty("drip", ClientHangUpTest::drip, DataSize.ofMegabytes(10));
        ServiceInstance instance = gateway.instance;

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            OutputStream out = client.getOutputStream();
            out.write("GET /drip/stream HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = client.getInputStream();
            byte[] first = in.readNBytes(4096);
            assertThat(new String(first, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            client.setSoLinger(true, 0); // hangs up with a reset, mid-answer
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.recent.snapshot().isEmpty());
        assertThat(gateway.recent.snapshot()).extracting(RecentRequests.Entry::outcome)
                .containsExactly("client_closed");
        assertThat(gateway.inFlight.of(instance)).isZero();
        assertThat(gateway.quarantine.isPutAside(instance)).as("put aside").isFalse();
        assertThat(gateway.meters.find("gateway.upstream.errors").counters()).as("upstream errors").isEmpty();
        assertThat(gateway.instanceHits).as("tries at the instance").hasValue(1);
    }

    /**
     * A client that stops reading for longer than the response timeout: the gateway stops reading the instance's
     * answer, whose connection then times out, the client's doing too.
     */
    @Test
    void aClientThatStopsReadingForLongerThanTheResponseTimeoutLeavesTheInstanceBlameless() throws Exception {
        gateway = new ProxyOnJetty("download", ClientHangUpTest::download, DataSize.ofMegabytes(10),
                Duration.ofMillis(500), null);

        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(16 * 1024);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port()));
            client.getOutputStream().write("GET /download/file HTTP/1.1\r\nHost: gateway\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            assertThat(new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.recent.snapshot().isEmpty());
        }

        assertThat(gateway.recent.snapshot()).extracting(RecentRequests.Entry::outcome)
                .containsExactly("client_closed");
        assertThat(gateway.meters.find("gateway.upstream.errors").counters()).as("upstream errors").isEmpty();
        assertThat(gateway.quarantine.isPutAside(gateway.instance)).as("put aside").isFalse();
    }

    /** The instance: answers 256 MiB as fast as it is taken, more than socket buffers hold. */
    private static void download(HttpExchange exchange) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (exchange; OutputStream body = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, 4096L * chunk.length);
            for (int i = 0; i < 4096; i++) {
                body.write(chunk);
            }
        } catch (IOException dropped) {
            // the gateway gave up on the answer
        }
    }

    /** The instance: answers 16 KiB every 10 ms for 5 s, and stops when the gateway drops the connection. */
    private static void drip(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[16 * 1024];
        try (OutputStream body = exchange.getResponseBody()) {
            for (int i = 0; i < 500; i++) {
                body.write(chunk);
                body.flush();
                Thread.sleep(10);
            }
        } catch (IOException | InterruptedException dropped) {
            // the gateway gave up on the answer
        } finally {
            exchange.close();
        }
    }
}
