package dev.servicegov.registrator.registry;

/**
 * A service the registry holds under an id this agent may want, for someone else: another node's agent, another tool,
 * or a person (registered by hand).
 *
 * @param holder who holds it, for the log: {@code the registrator-agent of node 'b'}, {@code 'other-tool'}...
 * @param agent whether another node's registrator-agent holds it (meta {@code registered-by} is this agent's)
 * @param address its address, or {@code null}
 * @param port its port
 */
public record ForeignService(String holder, boolean agent, String address, int port) {
}
