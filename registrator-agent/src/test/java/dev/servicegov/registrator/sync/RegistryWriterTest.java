package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.RegistryUnreachableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryWriterTest {

    final RegistrationEngineTest.MutableClock clock = new RegistrationEngineTest.MutableClock();
    RegistryWriter writer;

    @AfterEach
    void closeWriter() {
        if (writer != null) {
            writer.close();
        }
    }

    RegistryWriter writer(RegistrationEngineTest.FakeRegistry registry, int concurrency) {
        writer = new RegistryWriter(registry, new RegistratorMetrics(new SimpleMeterRegistry()), clock,
                new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), concurrency);
        return writer;
    }

    static Map<String, ServiceDefinition> services(int count) {
        Map<String, ServiceDefinition> services = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String id = "node1:web-" + i + ":8080";
            services.put(id, new ServiceDefinition(id, "web", "172.17.0." + (10 + i), 8080, List.of(), Map.of(), null, "c" + i,
                    "web-" + i, "image"));
        }
        return services;
    }

    @Test
    void writesToDifferentServicesAreUnderWayAtTheSameTime() throws Exception {
        CyclicBarrier allUnderWay = new CyclicBarrier(4);
        RegistrationEngineTest.FakeRegistry registry = new RegistrationEngineTest.FakeRegistry() {
            @Override
            public void register(ServiceDefinition service) {
                // outside the fake's lock: each register call waits until four are under way, which one at a time never are
                try {
                    allUnderWay.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new RegistryException("not four writes under way at once: " + e, e);
                }
                super.register(service);
            }
        };

        int changes = writer(registry, 4).apply(services(8), true);

        assertThat(changes).isEqualTo(8);
        assertThat(registry.services).hasSize(8);
        assertThat(writer.registrations()).hasSize(8);
        assertThat(writer.nextDue()).as("no write failed, none to retry").isNull();
    }

    @Test
    void oneAtATimeWhenTheConcurrencyIsOne() throws Exception {
        AtomicInteger underWay = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        RegistrationEngineTest.FakeRegistry registry = new RegistrationEngineTest.FakeRegistry() {
            @Override
            public void register(ServiceDefinition service) {
                most.accumulateAndGet(underWay.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                underWay.decrementAndGet();
                super.register(service);
            }
        };

        writer(registry, 1).apply(services(5), true);

        assertThat(registry.services).hasSize(5);
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void anUnreachableRegistryCostsOneRoundOfWritesAndTheRestWaitsForItsBackoff() throws Exception {
        RegistrationEngineTest.FakeRegistry registry = new RegistrationEngineTest.FakeRegistry();
        registry.unreachable = true;
        RegistryWriter writer = writer(registry, 4);

        writer.apply(services(20), true);

        assertThat(registry.attempts).as("the writes under way when the first failed, no more").isBetween(1, 4);
        assertThat(writer.nextDue()).isEqualTo(clock.instant().plusSeconds(1));
        int attempts = registry.attempts;
        writer.apply(services(20), true);
        assertThat(registry.attempts).as("every write waits for its retry, sent or not").isEqualTo(attempts);

        registry.unreachable = false;
        clock.advance(Duration.ofSeconds(1));
        writer.apply(services(20), true);
        assertThat(registry.services).hasSize(20);
        assertThat(writer.nextDue()).isNull();
    }

    @Test
    void aRefusedWriteIsRetriedAloneWhileTheOthersGoThrough() throws Exception {
        RegistrationEngineTest.FakeRegistry registry = new RegistrationEngineTest.FakeRegistry() {
            @Override
            public void register(ServiceDefinition service) {
                if (service.id().equals("node1:web-3:8080")) {
                    throw new RegistryException("Consul: register " + service.id() + " failed: 400 invalid check", null);
                }
                super.register(service);
            }
        };
        RegistryWriter writer = writer(registry, 4);

        writer.apply(services(10), true);

        assertThat(registry.services).hasSize(9).doesNotContainKey("node1:web-3:8080");
        assertThat(writer.nextDue()).isEqualTo(clock.instant().plusSeconds(1));
    }
}
