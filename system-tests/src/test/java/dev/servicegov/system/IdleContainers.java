package dev.servicegov.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.GenericContainer;

import dev.servicegov.testsupport.TestImages;

/**
 * Idle containers on a stack's network, started while a Consul node is down: Docker gives a new container a free
 * address, and without a fixed address of its own the node could find its address taken when it comes back.
 */
final class IdleContainers implements AutoCloseable {

    private final List<GenericContainer<?>> containers = new ArrayList<>();
    private final ComposeStack stack;

    private IdleContainers(ComposeStack stack) {
        this.stack = stack;
    }

    @SuppressWarnings("resource")
    static IdleContainers start(ComposeStack stack, int count) {
        IdleContainers idle = new IdleContainers(stack);
        try {
            for (int i = 0; i < count; i++) {
                GenericContainer<?> container = new GenericContainer<>(TestImages.jre())
                        .withNetworkMode(stack.network())
                        .withLabels(Map.of("SERVICE_IGNORE", "true"))
                        .withCommand("sleep", "600");
                container.start();
                idle.containers.add(container);
            }
        } catch (RuntimeException e) {
            idle.close();
            throw e;
        }
        return idle;
    }

    /** The addresses Docker gave them. */
    List<String> ips() {
        return containers.stream().map(container -> stack.ipOf(container.getContainerId())).toList();
    }

    @Override
    public void close() {
        containers.forEach(GenericContainer::stop);
    }
}
