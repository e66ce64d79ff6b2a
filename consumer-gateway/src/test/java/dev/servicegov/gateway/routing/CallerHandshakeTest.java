package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.GatewayError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpHeaders;

class CallerHandshakeTest {

    @ParameterizedTest(name = "key {0}, version {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            key, 13,      -
            key, ' 13 ',  -
            -,   13,      400 no Sec-WebSocket-Key header
            key, -,       400 no Sec-WebSocket-Version header
            key, 8,       426 the handshake asked for version '8'
            key, '13, 8', 426 the handshake asked for version '13, 8'
            """)
    void aHandshakeIsTakenOnlyWithWhatRfc6455Asks(String key, String version, String refusal) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        }
        if (version != null) {
            headers.set("Sec-WebSocket-Version", version);
        }

        GatewayError answer = CallerHandshake.refusal(headers, "chat", new ErrorClassifier());

        if (refusal == null) {
            assertThat(answer).isNull();
        } else {
            assertThat(answer.status().value() + " " + answer.body().hint()).startsWith(refusal);
            assertThat(answer.body().service()).isEqualTo("chat");
        }
    }
}
