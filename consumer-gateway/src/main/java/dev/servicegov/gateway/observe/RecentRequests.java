package dev.servicegov.gateway.observe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} tries the gateway made, oldest first, for the status page. */
public class RecentRequests {

    /** One try: which instance of which service, how it ended, how long it took. */
    public record Entry(Instant at, String service, String instance, String outcome, long millis) {
    }

    private final Entry[] ring;
    private long written;

    public RecentRequests(int capacity) {
        this.ring = new Entry[capacity];
    }

    public synchronized void record(Entry entry) {
        ring[(int) (written % ring.length)] = entry;
        written++;
    }

    public synchronized List<Entry> snapshot() {
        List<Entry> entries = new ArrayList<>();
        long start = Math.max(0, written - ring.length);
        for (long i = start; i < written; i++) {
            entries.add(ring[(int) (i % ring.length)]);
        }
        return entries;
    }

    public int capacity() {
        return ring.length;
    }
}
