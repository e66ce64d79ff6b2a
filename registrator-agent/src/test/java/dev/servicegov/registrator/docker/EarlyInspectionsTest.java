package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.sync.RegistratorMetrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EarlyInspectionsTest {

    final ContainerInspector inspector = mock(ContainerInspector.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    EarlyInspections early;

    @AfterEach
    void close() {
        early.close();
    }

    EarlyInspections earlyInspections(boolean enabled) {
        early = new EarlyInspections(inspector, new RegistratorMetrics(meters), new RegistratorProperties(
                URI.create("http://127.0.0.1:8500"), null, null, null, null, null, Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ofSeconds(30), null, true, false,
                List.of(), null, null, RegistratorProperties.DeregisterMode.ALWAYS, true, 0, Duration.ofSeconds(1), null,
                Duration.ofSeconds(1), 4, null, RegistratorProperties.KvFormat.PLAIN, null, enabled));
        return early;
    }

    static InspectedContainer container(String id, boolean running) {
        return new InspectedContainer(id, "/" + id, new InspectedContainer.State(running, false, null), null, null, null);
    }

    double counted(String outcome) {
        var counter = meters.find("registrator.inspections.early").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anAnswerSayingTheContainerRunsIsTakenOnce() {
        when(inspector.inspect("abc")).thenReturn(Optional.of(container("abc", true)));
        EarlyInspections early = earlyInspections(true);

        early.ask("abc");

        assertThat(early.takeRunning("abc")).map(InspectedContainer::id).contains("abc");
        assertThat(early.takeRunning("abc")).isEmpty();
        verify(inspector, times(1)).inspect("abc");
        assertThat(counted("used")).isEqualTo(1);
    }

    @Test
    void anAnswerGivenBeforeTheStartWasDoneIsNotUsed() {
        when(inspector.inspect("abc")).thenReturn(Optional.of(container("abc", false)));
        EarlyInspections early = earlyInspections(true);

        early.ask("abc");

        assertThat(early.takeRunning("abc")).isEmpty();
        assertThat(counted("not-running")).isEqualTo(1);
    }

    @Test
    void anAnswerAskedForBeforeTheContainersLastEventIsNotUsed() {
        when(inspector.inspect("abc")).thenReturn(Optional.of(container("abc", true)));
        EarlyInspections early = earlyInspections(true);

        early.ask("abc");
        early.discard("abc");

        assertThat(early.takeRunning("abc")).isEmpty();
        assertThat(counted("used")).isZero();
    }

    @Test
    void aFailedInspectionLeavesItToTheCaller() {
        when(inspector.inspect("abc")).thenThrow(new IllegalStateException("the Docker engine answered 500"));
        EarlyInspections early = earlyInspections(true);

        early.ask("abc");

        assertThat(early.takeRunning("abc")).isEmpty();
        assertThat(counted("failed")).isEqualTo(1);
    }

    @Test
    void atMostFourAreAskedForAtATime() throws InterruptedException {
        CountDownLatch startsDone = new CountDownLatch(1);
        when(inspector.inspect(org.mockito.ArgumentMatchers.anyString())).thenAnswer(invocation -> {
            startsDone.await();
            return Optional.of(container(invocation.getArgument(0), true));
        });
        EarlyInspections early = earlyInspections(true);

        for (String id : List.of("a", "b", "c", "d", "e")) {
            early.ask(id);
        }
        assertThat(early.takeRunning("e")).isEmpty();
        startsDone.countDown();

        for (String id : List.of("a", "b", "c", "d")) {
            assertThat(early.takeRunning(id)).map(InspectedContainer::id).contains(id);
        }
        verify(inspector, never()).inspect("e");
    }

    @Test
    void turnedOffItAsksNothing() {
        EarlyInspections early = earlyInspections(false);

        early.ask("abc");

        assertThat(early.takeRunning("abc")).isEmpty();
        verify(inspector, never()).inspect("abc");
    }
}
