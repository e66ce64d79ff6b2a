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
    void theServicesSegmentIsDecodedItsPrefixKeptAsWritten() {
        assertThat(ServiceNames.fromPath("/my%20api/x")).isEqualTo("my api");
        assertThat(ServiceNames.fromPath("/team%2Fapi/x")).isEqualTo("team/api");
        assertThat(ServiceNames.fromPath("/%73ervice-web")).isEqualTo("service-web");
        assertThat(ServiceNames.parse("/my%20api/x").prefix()).isEqualTo("/my%20api");
        assertThat(ServiceNames.parse("//service-web/x").prefix()).isEqualTo("/service-web");
        assertThat(ServiceNames.parse("/team%2Fapi/x%2Fy").rest()).isEqualTo("/x%2Fy");
        assertThat(ServiceNames.fromPath("/svc;v=1/x")).as("path parameters dropped").isEqualTo("svc");
        assertThat(ServiceNames.fromPath("/;v=1/x")).as("nothing left of the segment").isNull();
    }

    @Test
    void aPathWithoutAServiceHasTheRootAsPrefixAndRest() {
        assertThat(ServiceNames.parse("/").prefix()).isEqualTo("/");
        assertThat(ServiceNames.parse("/..").rest()).isEqualTo("/");
        assertThat(ServiceNames.parse(null).rest()).isEqualTo("/");
    }

    @Test
    void dotSegmentsAreResolvedBeforeTheServiceIsRead() {
        assertThat(ServiceNames.fromPath("/service-web/../consul/v1")).isEqualTo("consul");
        assertThat(ServiceNames.fromPath("/./service-web/whoami")).isEqualTo("service-web");
        assertThat(ServiceNames.fromPath("/service-web/../..")).as("above the root").isNull();
    }

    @Test
    void theInstanceGetsThePathAfterTheServicesSegmentStillEncoded() {
        assertThat(ServiceNames.parse("/service-web/whoami").rest()).isEqualTo("/whoami");
        assertThat(ServiceNames.parse("/service-web").rest()).isEqualTo("/");
        assertThat(ServiceNames.parse("//service-web/a").rest()).isEqualTo("/a");
        assertThat(ServiceNames.parse("/gitlab/projects/group%2Fproject/files/100%25").rest())
                .isEqualTo("/projects/group%2Fproject/files/100%25");
        assertThat(ServiceNames.parse("/service-web//whoami").rest()).isEqualTo("//whoami");
        assertThat(ServiceNames.parse("/service-web/./a/../whoami").rest()).isEqualTo("/whoami");
    }
}
