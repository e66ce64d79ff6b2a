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

    @Test
    void dotSegmentsAreResolvedBeforeTheServiceIsRead() {
        assertThat(ServiceNames.fromPath("/service-web/../consul/v1")).isEqualTo("consul");
        assertThat(ServiceNames.fromPath("/./service-web/whoami")).isEqualTo("service-web");
        assertThat(ServiceNames.fromPath("/service-web/../..")).as("above the root").isNull();
    }

    @Test
    void theInstanceGetsThePathAfterTheServicesSegmentStillEncoded() {
        assertThat(ServiceNames.afterService("/service-web/whoami", "service-web")).isEqualTo("/whoami");
        assertThat(ServiceNames.afterService("/service-web", "service-web")).isEqualTo("/");
        assertThat(ServiceNames.afterService("//service-web/a", "service-web")).isEqualTo("/a");
        assertThat(ServiceNames.afterService("/gitlab/projects/group%2Fproject/files/100%25", "gitlab"))
                .isEqualTo("/projects/group%2Fproject/files/100%25");
        assertThat(ServiceNames.afterService("/service-web//whoami", "service-web")).isEqualTo("//whoami");
        assertThat(ServiceNames.afterService("/service-web/./a/../whoami", "service-web")).isEqualTo("/whoami");
    }
}
