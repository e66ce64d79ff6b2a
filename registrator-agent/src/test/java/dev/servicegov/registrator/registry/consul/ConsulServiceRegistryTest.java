package dev.servicegov.registrator.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsulServiceRegistryTest {

    @Test
    void aRefusalNamesConsulsReasonWhatWasRefusedAndTheFix() {
        String message = ConsulServiceRegistry.forbidden("register host:web-1:8080",
                "Permission denied: Missing service:write on web\n");
        assertThat(message)
                .contains("register host:web-1:8080")
                .contains("403: Permission denied: Missing service:write on web)")
                .contains("service:write")
                .contains("/run/secrets/consul-token")
                .contains("CONSUL_HTTP_TOKEN");
    }
}
