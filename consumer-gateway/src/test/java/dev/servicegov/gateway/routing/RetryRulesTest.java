package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class RetryRulesTest {

    /** Two retries for every service but "lone", which has none. */
    private final RetryRules rules = new RetryRules(service -> "lone".equals(service) ? 0 : 2);

    @Test
    void idempotentMethodsAreTriedAgainOn502To504AnswersOnly() {
        for (String method : new String[] {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"}) {
            assertThat(rules.afterAnswer("svc", method, 503, 1)).as(method).isTrue();
        }
        assertThat(rules.afterAnswer("svc", "GET", 502, 1)).isTrue();
        assertThat(rules.afterAnswer("svc", "GET", 504, 1)).isTrue();
        assertThat(rules.afterAnswer("svc", "GET", 500, 1)).isFalse();
        assertThat(rules.afterAnswer("svc", "GET", 404, 1)).isFalse();
        assertThat(rules.afterAnswer("svc", "POST", 503, 1)).as("a POST that reached its instance").isFalse();
    }

    @Test
    void noMoreThanTheServicesRetries() {
        assertThat(rules.afterAnswer("svc", "GET", 503, 2)).isTrue();
        assertThat(rules.afterAnswer("svc", "GET", 503, 3)).as("1 + 2 tries made").isFalse();
        assertThat(rules.afterFailure("svc", "GET", new ConnectException(), 3, false)).isFalse();
        assertThat(rules.afterFailure("lone", "GET", new ConnectException(), 1, false)).isFalse();
    }

    @Test
    void idempotentMethodsAreTriedAgainAfterAnyConnectionFailureOrTimeout() {
        assertThat(rules.afterFailure("svc", "GET", new ConnectException("refused"), 1, false)).isTrue();
        assertThat(rules.afterFailure("svc", "GET", new EOFException("reset"), 1, true)).isTrue();
        assertThat(rules.afterFailure("svc", "PUT", new RuntimeException(new TimeoutException()), 1, true)).isTrue();
        assertThat(rules.afterFailure("svc", "GET", new IllegalStateException("a bug"), 1, true)).isFalse();
    }

    @Test
    void otherMethodsAreTriedAgainOnlyWhenTheInstanceWasNeverReached() {
        assertThat(rules.afterFailure("svc", "POST", new ConnectException("refused"), 1, false)).isTrue();
        assertThat(rules.afterFailure("svc", "PATCH", new TimeoutException("connect"), 1, false)).isTrue();
        assertThat(rules.afterFailure("svc", "POST", new EOFException("reset"), 1, true)).isFalse();
        assertThat(rules.afterFailure("svc", "POST", new TimeoutException("answer"), 1, true)).isFalse();
    }
}
