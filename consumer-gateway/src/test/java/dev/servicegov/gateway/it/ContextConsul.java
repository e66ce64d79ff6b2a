package dev.servicegov.gateway.it;

import dev.servicegov.testsupport.TestConsul;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.consul.ConsulContainer;

/**
 * The Consul agent of one gateway test context: started from the context's {@code @DynamicPropertySource}, which it
 * points the gateway at, and stopped by the context's own {@code DisposableBean} once the gateway (its catalog watch
 * included) has shut down; at the JVM's exit too, should the context never close. Stopping twice is harmless.
 */
final class ContextConsul {

    private final ConsulContainer container;
    private final Runnable beforeStop;

    private ContextConsul(ConsulContainer container, Runnable beforeStop) {
        this.container = container;
        this.beforeStop = beforeStop;
    }

    /** @param hcl more agent configuration, each an HCL snippet ({@code limits { ... }}) */
    static ContextConsul start(DynamicPropertyRegistry registry, String... hcl) {
        return start(registry, () -> { }, hcl);
    }

    /** @param beforeStop run before each stop, e.g. to unpause the container a test paused */
    static ContextConsul start(DynamicPropertyRegistry registry, Runnable beforeStop, String... hcl) {
        ContextConsul consul = new ContextConsul(TestConsul.create(hcl), beforeStop);
        consul.container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(consul::stop));
        registry.add("spring.cloud.consul.host", () -> "127.0.0.1");
        registry.add("spring.cloud.consul.port", consul::port);
        return consul;
    }

    int port() {
        return container.getMappedPort(8500);
    }

    String containerId() {
        return container.getContainerId();
    }

    void stop() {
        beforeStop.run();
        container.stop();
    }
}
