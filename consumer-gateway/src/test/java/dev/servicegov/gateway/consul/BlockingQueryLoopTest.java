package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class BlockingQueryLoopTest {

    @Test
    void anIndexThatNeverBlocksCannotMakeTheLoopSpin() throws InterruptedException {
        AtomicInteger queries = new AtomicInteger();
        BlockingQueryLoop<String> loop = new BlockingQueryLoop<>("test", index -> {
            queries.incrementAndGet();
            return Mono.just(new ConsulAnswer<>("same", 0, true)); // a misbehaving Consul: answers at once, index 0
        }, answer -> { }, Duration.ofMillis(100), Duration.ofSeconds(1));

        loop.start();
        Thread.sleep(1000);
        loop.stop();

        assertThat(queries.get()).isBetween(5, 12);
    }

    @Test
    void sendsTheIndexOfTheLastAnswerAndStartsOverWhenItGoesBackwards() throws InterruptedException {
        List<Long> sent = new CopyOnWriteArrayList<>();
        long[] answers = {10, 12, 5, 0, 7};
        BlockingQueryLoop<String> loop = new BlockingQueryLoop<>("test", index -> {
            int n = sent.size();
            sent.add(index);
            return n < answers.length ? Mono.just(new ConsulAnswer<>("x", answers[n], true)) : Mono.never();
        }, answer -> { }, Duration.ofMillis(1), Duration.ofSeconds(1));

        loop.start();
        Thread.sleep(300);
        loop.stop();

        // 0 first; 10, 12; 5 < 12 → start over at 0; answer 0 → 1; then 7
        assertThat(sent).containsExactly(0L, 10L, 12L, 0L, 1L, 7L);
    }

    @Test
    void aFailedQueryKeepsTheLastAnswerAndIsRetriedAfterThePause() throws InterruptedException {
        AtomicInteger queries = new AtomicInteger();
        List<String> accepted = new CopyOnWriteArrayList<>();
        BlockingQueryLoop<String> loop = new BlockingQueryLoop<>("test", index -> {
            int n = queries.incrementAndGet();
            return n == 1 ? Mono.just(new ConsulAnswer<>("first", 3, true))
                    : n == 2 ? Mono.error(new java.io.IOException("refused")) : Mono.never();
        }, answer -> accepted.add(answer.value()), Duration.ofMillis(1), Duration.ofMillis(200));

        loop.start();
        Thread.sleep(100);
        assertThat(loop.lastError()).contains("refused");
        assertThat(queries.get()).isEqualTo(2);
        Thread.sleep(250);
        loop.stop();

        assertThat(queries.get()).isEqualTo(3);
        assertThat(accepted).containsExactly("first");
        assertThat(loop.index()).isEqualTo(3);
    }
}
