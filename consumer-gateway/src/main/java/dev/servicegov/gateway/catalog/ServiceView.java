package dev.servicegov.gateway.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A service Consul knows, with its instances whose checks all pass (possibly none).
 *
 * @param lastChanged when the gateway's watch last saw the instance list change; {@code null} while the gateway does
 *        not watch the service (its instances are then Consul's answer of the moment) or its watch has no answer yet
 */
public record ServiceView(String name, List<InstanceView> instances, Instant lastChanged) {
}
