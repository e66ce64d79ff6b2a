package dev.servicegov.testsupport;

import org.testcontainers.consul.ConsulContainer;

/** A single-node Consul in dev mode for integration tests, from {@link TestImages#consul()}. */
public final class TestConsul {

    private TestConsul() {
    }

    /** A new (not yet started) dev-mode Consul that never calls home. */
    public static ConsulContainer create() {
        return create(new String[0]);
    }

    /** As {@link #create()}, with more agent configuration, each an HCL snippet ({@code limits { ... }}). */
    public static ConsulContainer create(String... moreHcl) {
        java.util.List<String> command = new java.util.ArrayList<>(
                java.util.List.of("agent", "-dev", "-client", "0.0.0.0", "-hcl", "disable_update_check = true"));
        for (String hcl : moreHcl) {
            command.add("-hcl");
            command.add(hcl);
        }
        return new ConsulContainer(TestImages.consul()).withCommand(command.toArray(String[]::new));
    }
}
