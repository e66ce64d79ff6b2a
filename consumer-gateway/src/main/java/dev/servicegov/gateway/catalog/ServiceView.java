package dev.servicegov.gateway.catalog;

import java.util.List;

/** A service Consul knows, with its instances whose checks all pass (possibly none). */
public record ServiceView(String name, List<InstanceView> instances) {
}
