package dev.servicegov.registrator.sync;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import dev.servicegov.registrator.bridge.ContainerInfo;

/** The containers of the engine. Methods throw a runtime exception when the engine cannot be reached. */
public interface ContainerSource {

    /** Every running container, inspected. */
    List<ContainerInfo> running();

    /** The container, inspected, when it exists and runs. */
    Optional<ContainerInfo> inspectRunning(String containerId);

    /** The code the container exited with, when it exists and does not run. */
    OptionalInt exitCode(String containerId);
}
