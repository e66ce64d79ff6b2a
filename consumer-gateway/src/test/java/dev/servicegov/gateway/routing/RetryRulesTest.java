package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class RetryRulesTest {

    private final RetryRules twoRetries = new RetryRules(2);

    @Test
    void idempotentMethodsAreTriedAgainOn502To504AnswersOnly() {
        for (String method : new String[] {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"}) {
            assertThat(twoRetries.afterAnswer(method, 503, 1)).as(method).isTrue();
        }
        assertThat(twoRetries.afterAnswer("GET", 502, 1)).isTrue();
        assertThat(twoRetries.afterAnswer("GET", 504, 1)).isTrue();
        assertThat(twoRetries.afterAnswer("GET", 500, 1)).isFalse();
        assertThat(twoRetries.afterAnswer("GET", 404, 1)).isFalse();
        assertThat(twoRetries.afterAnswer("POST", 503, 1)).as("a POST that reached its instance").isFalse();
    }

    @Test
    void noMoreThanTheConfiguredRetries() {
        assertThat(twoRetries.afterAnswer("GET", 503, 2)).isTrue();
        assertThat(twoRetries.afterAnswer("GET", 503, 3)).as("1 + 2 tries made").isFalse();
        assertThat(twoRetries.afterFailure("GET", new ConnectException(), 3, false)).isFalse();
        assertThat(new RetryRules(0).afterFailure("GET", new ConnectException(), 1, false)).isFalse();
    }

    @Test
    void idempotentMethodsAreTriedAgainAfterAnyConnectionFailureOrTimeout() {
        assertThat(twoRetries.afterFailure("GET", new ConnectException("refused"), 1, false)).isTrue();
        assertThat(twoRetries.afterFailure("GET", new EOFException("reset"), 1, true)).isTrue();
        assertThat(twoRetries.afterFailure("PUT", new RuntimeException(new TimeoutException()), 1, true)).isTrue();
        assertThat(twoRetries.afterFailure("GET", new IllegalStateException("a bug"), 1, true)).isFalse();
    }

    @Test
    void otherMethodsAreTriedAgainOnlyWhenTheInstanceWasNeverReached() {
        assertThat(twoRetries.afterFailure("POST", new ConnectException("refused"), 1, false)).isTrue();
        assertThat(twoRetries.afterFailure("PATCH", new TimeoutException("connect"), 1, false)).isTrue();
        assertThat(twoRetries.afterFailure("POST", new EOFException("reset"), 1, true)).isFalse();
        assertThat(twoRetries.afterFailure("POST", new TimeoutException("answer"), 1, true)).isFalse();
    }
}
