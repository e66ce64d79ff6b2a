package dev.servicegov.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceNamesTest {

    @Test
    void theFirstSegmentNamesTheService() {
        assertThat(ServiceNames.fromPath("/service-web/whoami")).isEqualTo("service-web");
        assertThat(ServiceNames.fromPath("//service-web")).isEqualTo("service-web");
        assertThat(ServiceNames.fromPath("/service-web")).isEqualTo("service-web");
        assertThat(ServiceNames.fromPath("/service-web/")).isEqualTo("service-web");
        assertThat(ServiceNames.fromPath("service-web/whoami")).isEqualTo("service-web");
    }

    @Test
    void theRootNamesNoService() {
        assertThat(ServiceNames.fromPath("/")).isNull();
        assertThat(ServiceNames.fromPath("//")).isNull();
        assertThat(ServiceNames.fromPath("")).isNull();
        assertThat(ServiceNames.fromPath(null)).isNull();
    }
}
