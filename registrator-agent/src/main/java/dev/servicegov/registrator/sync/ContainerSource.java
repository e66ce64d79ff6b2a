package dev.servicegov.registrator.sync;

import java.util.List;
import java.util.Optional;

import dev.servicegov.registrator.bridge.ContainerInfo;

/** The containers of the engine. Methods throw a runtime exception when the engine cannot be reached. */
public interface ContainerSource {

    /** Every running container, inspected. */
    List<ContainerInfo> running();

    /** The container, inspected, when it exists and runs. */
    Optional<ContainerInfo> inspectRunning(String containerId);

    /** Whether the container exists, does not run, and exited with a code other than 0. */
    boolean exitedWithFailure(String containerId);
}
