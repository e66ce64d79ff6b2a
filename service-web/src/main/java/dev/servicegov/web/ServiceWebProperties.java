package dev.servicegov.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * How an instance names itself in its answers.
 *
 * @param serviceName the service name it reports (env {@code WEB_SERVICE_NAME})
 * @param instanceId the instance id it reports; empty means {@code <service-name>-<hostname>}, which is
 *        unique per container, except on the host's network, where containers share the host's name (env
 *        {@code WEB_INSTANCE_ID}); not Consul's service id, which the gateway names in {@code X-Served-By}
 * @param preferredInterface the network interface whose address it reports, e.g. {@code eth0}; empty means,
 *        of the interfaces that are up and not loopback, an IPv4 address before an IPv6 one (link-local ones never),
 *        an interface other than a container runtime's or a virtual network's (e.g. {@code docker0}, {@code br-*},
 *        {@code veth*}) first,
 *        then by interface name (env {@code WEB_PREFERRED_INTERFACE})
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
