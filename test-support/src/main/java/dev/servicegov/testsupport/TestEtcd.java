package dev.servicegov.testsupport;

import java.time.Duration;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/** A single-member etcd for integration tests, from {@link TestImages#etcd()}, its client port 2379. */
public final class TestEtcd {

    public static final int CLIENT_PORT = 2379;

    private TestEtcd() {
    }

    /** A new (not yet started) etcd that answers on {@link #CLIENT_PORT}. */
    public static GenericContainer<?> create() {
        return new GenericContainer<>(TestImages.etcd())
                .withCommand("etcd", "--name", "test", "--data-dir", "/tmp/etcd-data",
                        "--listen-client-urls", "http://0.0.0.0:" + CLIENT_PORT,
                        "--advertise-client-urls", "http://127.0.0.1:" + CLIENT_PORT)
                .withExposedPorts(CLIENT_PORT)
                .waitingFor(Wait.forHttp("/health").forPort(CLIENT_PORT).withStartupTimeout(Duration.ofSeconds(60)));
    }
}
