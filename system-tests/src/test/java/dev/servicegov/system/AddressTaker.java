package dev.servicegov.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.GenericContainer;

import dev.servicegov.testsupport.TestImages;

/**
 * Idle containers on a stack's network that take its free addresses up to a given one, so that a container started
 * after them cannot get that address back. Docker hands out the lowest free address of a network, so a restarted
 * container usually keeps its own; it comes back elsewhere only when a lower address was freed meanwhile, e.g. by
 * another container stopping. Tests of that case take the address first.
 */
final class AddressTaker implements AutoCloseable {

    private static final int MAX_CONTAINERS = 10;

    private final List<GenericContainer<?>> containers = new ArrayList<>();

    private AddressTaker() {
    }

    /**
     * Starts idle containers until one holds {@code address}, or one got an address above it (an engine that hands
     * addresses out in turn rather than lowest first will not give it back soon either).
     */
    @SuppressWarnings("resource")
    static AddressTaker upTo(ComposeStack stack, String address) {
        AddressTaker taker = new AddressTaker();
        long target = IpAddresses.numeric(address);
        try {
            while (taker.containers.size() < MAX_CONTAINERS) {
                GenericContainer<?> idle = new GenericContainer<>(TestImages.jre())
                        .withNetworkMode(stack.network())
                        .withLabels(Map.of("SERVICE_IGNORE", "true"))
                        .withCommand("sleep", "600");
                idle.start();
                taker.containers.add(idle);
                if (IpAddresses.numeric(stack.ipOf(idle.getContainerId())) >= target) {
                    return taker;
                }
            }
        } catch (RuntimeException e) {
            taker.close();
            throw e;
        }
        taker.close();
        throw new IllegalStateException(MAX_CONTAINERS + " containers on " + stack.network() + " did not reach the address "
                + address + ": more than that many lower addresses are free");
    }

    @Override
    public void close() {
        containers.forEach(GenericContainer::stop);
    }
}
