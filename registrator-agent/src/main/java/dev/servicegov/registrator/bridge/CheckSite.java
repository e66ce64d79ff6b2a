package dev.servicegov.registrator.bridge;

import java.util.List;

/**
 * Where the checks of one port's service probe: the service's own endpoint, or another port of the container that a
 * check's {@code SERVICE_CHECK_PORT} names, reached the way the service is.
 */
record CheckSite(ContainerInfo container, MappingContext context, ContainerInfo.PortSpec port, Endpoints.Endpoint endpoint,
        String fixed, String fixedRule, AddressChooser.Choice own) {

    /** The check the settings describe, probing their check port when it is set and reachable. */
    CheckDefinition check(Attributes attributes, List<String> warnings) {
        ContainerInfo.PortSpec checkPort = CheckMapper.checkPort(container, attributes, port, warnings);
        Endpoints.Endpoint checked = checkPort == port ? endpoint
                : Endpoints.of(container, context, checkPort, fixed, fixedRule, own);
        if (checked == null) {
            CheckMapper.warn(warnings, container, attributes.get("CHECK_PORT"), "a published port (published mode "
                    + "reaches the container through its published ports only)", "checking the service's own port");
            checkPort = port;
            checked = endpoint;
        }
        return CheckMapper.check(container, context, attributes, checked.address(), checked.port(), checkPort.udp(), warnings);
    }
}
