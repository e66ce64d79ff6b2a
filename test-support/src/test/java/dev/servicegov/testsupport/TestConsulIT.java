package dev.servicegov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

@RequiresDocker
class TestConsulIT {

    @Test
    void startsAConsulThatElectsItselfLeader() throws Exception {
        try (var consul = TestConsul.create()) {
            consul.start();
            var leader = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consul.getMappedPort(8500) + "/v1/status/leader")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(leader.statusCode()).isEqualTo(200);
            assertThat(leader.body().strip()).matches("\"[0-9.]+:8300\"");
        }
    }
}
