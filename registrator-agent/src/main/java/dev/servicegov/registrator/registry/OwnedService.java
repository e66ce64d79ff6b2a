package dev.servicegov.registrator.registry;

/**
 * A service the registry holds for this agent's node, as its ownership record says.
 *
 * @param fingerprint the {@link dev.servicegov.registrator.bridge.ServiceDefinition#fingerprint()} kept beside it, or
 *     {@code ""} when the registry keeps none
 * @param containerId the id of the container it was registered for, or {@code null} when the record keeps none
 */
public record OwnedService(String fingerprint, String containerId) {
}
