package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.sync.RegistrationEngine;
import dev.servicegov.registrator.sync.RegistratorMetrics;
import dev.servicegov.registrator.sync.WorkItem;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class DockerEventWatcherTest {

    @Test
    @SuppressWarnings("unchecked")
    void queuesEventsAndReconnectsFromTheLastEventTimeThenResyncs() throws Exception {
        DockerClient docker = mock(DockerClient.class);
        EventsCmd events = mock(EventsCmd.class, RETURNS_SELF);
        when(docker.eventsCmd()).thenReturn(events);
        RegistrationEngine engine = mock(RegistrationEngine.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistratorProperties properties = new RegistratorProperties(URI.create("http://127.0.0.1:8500"), null, null, null, null, null,
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ZERO,
                Duration.ofSeconds(30));
        DockerEventWatcher watcher = new DockerEventWatcher(docker, engine, new RegistratorMetrics(meters), mock(ConsulAgentLocator.class),
                properties);

        watcher.start(Instant.ofEpochSecond(1000));
        ArgumentCaptor<ResultCallback<Event>> first = ArgumentCaptor.forClass(ResultCallback.class);
        verify(events).exec(first.capture());
        verify(events).withSince("1000");
        first.getValue().onStart(() -> { });
        assertThat(watcher.isConnected()).isTrue();

        first.getValue().onNext(new Event("kill", "abc", "img", 1234L)
                .withAction("kill").withEventActor(new EventActor().withId("abc").withAttributes(Map.of("signal", "15"))));
        verify(engine).submit(new WorkItem.ContainerEvent("kill", "abc", "15"));

        first.getValue().onError(new RuntimeException("engine restarted"));
        assertThat(watcher.isConnected()).isFalse();
        ArgumentCaptor<ResultCallback<Event>> all = ArgumentCaptor.forClass(ResultCallback.class);
        verify(events, timeout(3000).times(2)).exec(all.capture());
        verify(events).withSince("1234");
        ResultCallback<Event> second = all.getAllValues().get(1);
        second.onStart(() -> { });
        verify(engine).submit(any(WorkItem.Resync.class));
        assertThat(meters.counter("registrator.errors", "kind", "docker-events").count()).isEqualTo(1);

        watcher.stop();
        second.onComplete();
        Thread.sleep(700);
        verify(events, org.mockito.Mockito.times(2)).exec(any());
        assertThat(watcher.isConnected()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterAStreamThatStayedUpLongerThanTheLongestPauseTheNextReconnectWaitsTheShortestPauseAgain() {
        DockerClient docker = mock(DockerClient.class);
        EventsCmd events = mock(EventsCmd.class, RETURNS_SELF);
        when(docker.eventsCmd()).thenReturn(events);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = mock(Clock.class);
        when(clock.instant()).thenAnswer(invocation -> now.get());
        DockerEventWatcher watcher = new DockerEventWatcher(docker, mock(RegistrationEngine.class),
                new RegistratorMetrics(new SimpleMeterRegistry()), mock(ConsulAgentLocator.class), new RegistratorProperties(
                        URI.create("http://127.0.0.1:8500"), null, null, null, null, null, Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ofSeconds(30)),
                clock);
        ArgumentCaptor<ResultCallback<Event>> callbacks = ArgumentCaptor.forClass(ResultCallback.class);
        watcher.start(Instant.ofEpochSecond(1000));

        // an engine restart: the stream ends, the first attempt is refused (pauses of 500 ms, then 1 s)
        verify(events).exec(callbacks.capture());
        callbacks.getValue().onStart(() -> { });
        callbacks.getValue().onComplete();
        verify(events, timeout(3000).times(2)).exec(callbacks.capture());
        callbacks.getValue().onError(new RuntimeException("connection refused"));
        verify(events, timeout(4000).times(3)).exec(callbacks.capture());

        // back for a long while without a single container event (a quiet host), then restarted again
        callbacks.getValue().onStart(() -> { });
        now.set(now.get().plus(Duration.ofMinutes(5)));
        callbacks.getValue().onComplete();
        verify(events, timeout(1500).times(4).description("reconnected after 500 ms, not after the 2 s the count had reached"))
                .exec(any());
        watcher.stop();
    }

    @Test
    @SuppressWarnings("unchecked")
    void networkEventsNameTheContainerAndDieCarriesItsExitCode() {
        DockerClient docker = mock(DockerClient.class);
        EventsCmd events = mock(EventsCmd.class, RETURNS_SELF);
        when(docker.eventsCmd()).thenReturn(events);
        RegistrationEngine engine = mock(RegistrationEngine.class);
        ConsulAgentLocator locator = mock(ConsulAgentLocator.class);
        DockerEventWatcher watcher = new DockerEventWatcher(docker, engine, new RegistratorMetrics(new SimpleMeterRegistry()), locator,
                new RegistratorProperties(URI.create("http://127.0.0.1:8500"), null, null, null, null, null, Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ofSeconds(30)));
        watcher.start(Instant.ofEpochSecond(1000));
        ArgumentCaptor<ResultCallback<Event>> callback = ArgumentCaptor.forClass(ResultCallback.class);
        verify(events).exec(callback.capture());
        verify(events).withEventTypeFilter(com.github.dockerjava.api.model.EventType.CONTAINER,
                com.github.dockerjava.api.model.EventType.NETWORK);
        verify(events).withEventFilter(DockerEventWatcher.ACTIONS);
        assertThat(DockerEventWatcher.ACTIONS).contains("pause", "unpause", "health_status", "rename", "connect", "disconnect");

        callback.getValue().onNext(new Event(null, "netid", null, 1001L).withAction("connect")
                .withType(com.github.dockerjava.api.model.EventType.NETWORK)
                .withEventActor(new EventActor().withId("netid").withAttributes(Map.of("container", "abc", "name", "n1"))));
        verify(engine).submit(new WorkItem.ContainerEvent("connect", "abc", null, null));
        verify(locator, timeout(3000)).onNetworkEvent("abc");
        callback.getValue().onNext(new Event(null, "abc", null, 1002L).withAction("die")
                .withType(com.github.dockerjava.api.model.EventType.CONTAINER)
                .withEventActor(new EventActor().withId("abc").withAttributes(Map.of("exitCode", "3"))));
        verify(engine).submit(new WorkItem.ContainerEvent("die", "abc", null, "3"));
        callback.getValue().onNext(new Event(null, "abc", null, 1003L).withAction("health_status: healthy")
                .withEventActor(new EventActor().withId("abc").withAttributes(Map.of())));
        verify(engine).submit(new WorkItem.ContainerEvent("health_status: healthy", "abc", null, null));
        watcher.stop();
        verify(locator, org.mockito.Mockito.times(1)).onNetworkEvent(any());
    }
}
