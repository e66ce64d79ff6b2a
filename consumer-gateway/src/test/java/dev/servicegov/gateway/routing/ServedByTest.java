package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;

class ServedByTest {

    @Test
    void namesIdHostAndPort() {
        assertThat(ServedBy.describe(new DefaultServiceInstance("web-1", "web", "10.0.0.5", 8080, false)))
                .isEqualTo("web-1 10.0.0.5:8080");
    }

    @Test
    void fallsBackToTheServiceIdWithoutInstanceId() {
        assertThat(ServedBy.describe(new DefaultServiceInstance(null, "web", "h", 1, false))).isEqualTo("web h:1");
    }
}
