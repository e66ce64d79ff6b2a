package dev.servicegov.registrator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;

/**
 * The engine's local socket handed to a container as docker-compose.yml hands it: mounted read-only, reached through
 * the socket's group (group_add), not as root.
 */
final class EngineSocket {

    static final Path PATH = Path.of("/var/run/docker.sock");

    private EngineSocket() {
    }

    /** Skips the test class where the engine is not local: its socket cannot be mounted then. */
    static void assumeLocal() {
        Assumptions.assumeTrue(Files.exists(PATH), "the engine's socket is local (the container mounts it)");
    }

    /** Mounts the socket read-only into the container and adds the socket's group to the container's user. */
    static <T extends GenericContainer<?>> T mountInto(T container) {
        return mountInto(container, "/var/run/docker.sock");
    }

    /** The engine's socket mounted at {@code target} in the container, with the socket's group. */
    static <T extends GenericContainer<?>> T mountInto(T container, String target) {
        String gid = gid();
        container.withFileSystemBind(PATH.toString(), target, BindMode.READ_ONLY)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withGroupAdd(List.of(gid)));
        return container;
    }

    /** The id of the socket's group on this host. */
    static String gid() {
        try {
            return Files.getAttribute(PATH, "unix:gid").toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the group of " + PATH, e);
        }
    }
}
