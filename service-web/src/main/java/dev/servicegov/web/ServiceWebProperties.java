package dev.servicegov.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * How an instance names itself in its answers.
 *
 * @param serviceName the service name it reports (env {@code WEB_SERVICE_NAME})
 * @param instanceId the instance id it reports; empty means {@code <service-name>-<hostname>}, which is
 *        unique per container (env {@code WEB_INSTANCE_ID})
 * @param preferredInterface the network interface whose IPv4 address it reports, e.g. {@code eth0}; empty
 *        means the first interface, by name, that is up, not loopback and has an IPv4 address
 *        (env {@code WEB_PREFERRED_INTERFACE})
 */
@Validated
@ConfigurationProperties("web")
public record ServiceWebProperties(
        @NotBlank String serviceName,
        String instanceId,
        String preferredInterface) {

    public ServiceWebProperties {
        instanceId = instanceId == null ? "" : instanceId.trim();
        preferredInterface = preferredInterface == null ? "" : preferredInterface.trim();
    }
}
