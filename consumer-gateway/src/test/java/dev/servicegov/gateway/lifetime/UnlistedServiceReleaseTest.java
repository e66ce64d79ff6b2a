package dev.servicegov.gateway.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** What the gateway holds for a service goes a grace after Consul's catalog stopped listing it, not before. */
class UnlistedServiceReleaseTest {

    private static final Duration GRACE = Duration.ofSeconds(60);

    /** Holds whatever services it is given, and counts its expiries. */
    private static final class Holder implements PerServiceState {

        final Set<String> held = new TreeSet<>();
        final List<String> released = new ArrayList<>();
        int expiries;

        @Override
        public Set<String> services() {
            return Set.copyOf(held);
        }

        @Override
        public void release(String service) {
            held.remove(service);
            released.add(service);
        }

        @Override
        public void expire() {
            expiries++;
        }
    }

    private final Set<String> listed = new TreeSet<>();
    private final long[] now = {0};
    private final Holder balancers = new Holder();
    private final Holder meters = new Holder();
    private final UnlistedServiceRelease release = new UnlistedServiceRelease(listed::contains, GRACE,
            List.of(balancers, meters), () -> now[0]);

    private void after(Duration elapsed) {
        now[0] += elapsed.toNanos();
        release.sweep();
    }

    @Test
    void aServiceUnlistedForTheGraceIsReleasedByEveryHolderAndAListedOneIsKept() {
        listed.addAll(Set.of("web", "batch-17"));
        balancers.held.addAll(Set.of("web", "batch-17"));
        meters.held.addAll(Set.of("web", "batch-17"));
        release.sweep();

        listed.remove("batch-17");
        after(Duration.ofSeconds(1));
        after(GRACE.minusSeconds(1));
        assertThat(balancers.released).as("within the grace").isEmpty();

        after(Duration.ofSeconds(1));
        assertThat(balancers.released).containsExactly("batch-17");
        assertThat(meters.released).containsExactly("batch-17");
        assertThat(balancers.held).containsExactly("web");

        after(GRACE.multipliedBy(10));
        assertThat(balancers.released).as("a listed service, however long unused").containsExactly("batch-17");
        assertThat(meters.expiries).as("each sweep").isEqualTo(5);
    }

    @Test
    void aServiceListedAgainWithinTheGraceKeepsItsStateAndItsGraceStartsAfresh() {
        listed.add("web");
        balancers.held.add("web");
        release.sweep();

        listed.remove("web");
        after(Duration.ofSeconds(1));
        after(GRACE.minusSeconds(10));
        listed.add("web");
        after(Duration.ofSeconds(1));
        listed.remove("web");
        after(Duration.ofSeconds(1));
        after(GRACE.minusSeconds(1));
        assertThat(balancers.released).isEmpty();

        after(Duration.ofSeconds(1));
        assertThat(balancers.released).containsExactly("web");
    }

    @Test
    void stateBuiltAgainAfterTheReleaseIsReleasedAGraceLaterAndANameNeverListedToo() {
        meters.held.add("gone");
        release.sweep();
        after(GRACE);
        assertThat(meters.released).containsExactly("gone");

        // a try still in flight as the service left, metering it afresh; a name no catalog ever listed
        meters.held.addAll(Set.of("gone", "random-123"));
        after(Duration.ofSeconds(1));
        after(GRACE);
        assertThat(meters.released).containsExactlyInAnyOrder("gone", "gone", "random-123");
    }

    @Test
    void itSweepsTwiceAGraceWithinASecondAndHalfAMinute() {
        assertThat(new UnlistedServiceRelease(name -> true, Duration.ofSeconds(60), List.of()).sweepInterval())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(new UnlistedServiceRelease(name -> true, Duration.ofSeconds(20), List.of()).sweepInterval())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(new UnlistedServiceRelease(name -> true, Duration.ofMinutes(10), List.of()).sweepInterval())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(new UnlistedServiceRelease(name -> true, Duration.ZERO, List.of()).sweepInterval())
                .isEqualTo(Duration.ofSeconds(1));
    }
}
