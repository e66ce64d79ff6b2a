package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockingQueryIndexTest {

    @Test
    void waitsAfterTheAnsweredIndex() {
        assertThat(BlockingQueryIndex.next(0, 42)).isEqualTo(42);
        assertThat(BlockingQueryIndex.next(42, 42)).isEqualTo(42);
        assertThat(BlockingQueryIndex.next(42, 50)).isEqualTo(50);
    }

    @Test
    void anIndexGoingBackwardsStartsOver() {
        assertThat(BlockingQueryIndex.next(50, 7)).isZero();
    }

    @Test
    void anIndexOfZeroBecomesOneSoTheNextQueryBlocks() {
        assertThat(BlockingQueryIndex.next(0, 0)).isEqualTo(1);
        assertThat(BlockingQueryIndex.next(0, -3)).isEqualTo(1);
    }
}
