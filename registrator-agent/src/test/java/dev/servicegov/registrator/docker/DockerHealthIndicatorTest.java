package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PingCmd;

class DockerHealthIndicatorTest {

    private final DockerClient docker = mock(DockerClient.class);
    private final PingCmd ping = mock(PingCmd.class, RETURNS_SELF);
    private final DockerEventWatcher watcher = mock(DockerEventWatcher.class);

    @Test
    void anEngineThatAnswersWhileEventsAreFollowedIsUp() {
        when(docker.pingCmd()).thenReturn(ping);
        when(watcher.isConnected()).thenReturn(true);

        Health health = new DockerHealthIndicator(docker, watcher).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("eventStream", "following");
    }

    @Test
    void anEngineThatDoesNotAnswerIsDownWithTheReason() {
        when(docker.pingCmd()).thenReturn(ping);
        when(ping.exec()).thenThrow(new RuntimeException("java.io.IOException: No such file or directory: /var/run/docker.sock"));

        Health health = new DockerHealthIndicator(docker, watcher).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error", "java.io.IOException: No such file or directory: /var/run/docker.sock");
    }
}
