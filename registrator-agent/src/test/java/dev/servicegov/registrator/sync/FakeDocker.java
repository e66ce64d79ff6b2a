package dev.servicegov.registrator.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.servicegov.registrator.bridge.ContainerInfo;

/** The engine's running containers, in memory; it can be made to fail, and records every inspection. */
final class FakeDocker implements ContainerSource {
    final Map<String, ContainerInfo> running = new LinkedHashMap<>();
    final List<String> inspected = new ArrayList<>();
    /** Containers that exist but do not run, by id, with their exit code. */
    final Map<String, Integer> exited = new LinkedHashMap<>();
    /** Inspections of containers that do not run fail, the engine answering an error. */
    boolean failInspections;
    boolean down;

    @Override
    public List<ContainerInfo> running() {
        check();
        return List.copyOf(running.values());
    }

    @Override
    public Optional<ContainerInfo> inspectRunning(String containerId) {
        check();
        inspected.add(containerId);
        return Optional.ofNullable(running.get(containerId));
    }

    @Override
    public OptionalInt exitCode(String containerId) {
        check();
        if (failInspections) {
            throw new IllegalStateException("the Docker engine answered 500 to GET /containers/" + containerId + "/json");
        }
        inspected.add(containerId);
        Integer code = exited.get(containerId);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    private void check() {
        if (down) {
            throw new IllegalStateException("docker down");
        }
    }

    /** A running container on the default bridge network with these TCP ports exposed. */
    static ContainerInfo container(String id, String name, String ip, Map<String, String> labels, int... ports) {
        List<ContainerInfo.PortSpec> specs = Arrays.stream(ports).mapToObj(p -> new ContainerInfo.PortSpec(p, "tcp")).toList();
        return new ContainerInfo(id + "0000000000000000", name, "app:1", labels, Map.of(), Map.of("bridge", ip), specs);
    }
}
