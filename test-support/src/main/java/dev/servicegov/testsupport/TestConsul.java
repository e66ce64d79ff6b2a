package dev.servicegov.testsupport;

import org.testcontainers.consul.ConsulContainer;

/** A single-node Consul in dev mode for integration tests, from {@link TestImages#consul()}. */
public final class TestConsul {

    private TestConsul() {
    }

    /** A new (not yet started) dev-mode Consul that never calls home. */
    public static ConsulContainer create() {
        return new ConsulContainer(TestImages.consul())
                .withCommand("agent", "-dev", "-client", "0.0.0.0", "-hcl", "disable_update_check = true");
    }
}
