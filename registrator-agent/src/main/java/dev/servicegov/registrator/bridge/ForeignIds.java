package dev.servicegov.registrator.bridge;

import java.util.Objects;

/**
 * Pure rule for a service id that the registry holds for someone else (another node's agent, another tool, a person):
 * the agent neither overwrites nor removes what it does not own. It registers over it only the same instance (same
 * address and port) registered by a tool that is no registrator-agent: what gliderlabs/registrator registered for the
 * same container before the switch.
 */
public final class ForeignIds {

    private ForeignIds() {
    }

    /**
     * @param heldByAnotherAgent whether another node's registrator-agent holds the id
     * @param address the held service's address
     * @param port the held service's port
     * @param wanted what this agent wants under the id, or {@code null} when it wants nothing there
     * @return whether the agent leaves the id alone (no registration, no deregistration)
     */
    public static boolean leaveAlone(boolean heldByAnotherAgent, String address, int port, ServiceDefinition wanted) {
        if (heldByAnotherAgent || wanted == null) {
            return true;
        }
        return !(Objects.equals(address, wanted.address()) && port == wanted.port());
    }
}
