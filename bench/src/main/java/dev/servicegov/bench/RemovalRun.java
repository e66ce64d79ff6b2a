package dev.servicegov.bench;

import java.util.List;

/**
 * What one consumer did while one service-web instance (the victim) was stopped or killed, from the
 * requests of its steady load: times are from the stop/kill command to the moment a request was sent.
 *
 * @param lastServedByVictimMs  the last request the victim answered (0 when none was sent after the command)
 * @param lastToVictimMs        the last request that went to the victim as the caller sees it: answered by it, or
 *                              failed (with two healthy instances left, a failed request is one sent to the victim)
 * @param failed                requests that did not get a 200 (errors, timeouts)
 * @param requests              requests answered or failed in the window
 * @param stillRoutingAtEnd     a request went to the victim in the last {@link #END_MARGIN_NANOS} of the window
 */
record RemovalRun(double lastServedByVictimMs, double lastToVictimMs, int failed, int requests, boolean stillRoutingAtEnd) {

    static final long END_MARGIN_NANOS = 2_000_000_000L;

    static RemovalRun of(List<SteadyLoad.Outcome> outcomes, String victimIp, long commandNanos, long windowEndNanos) {
        long lastServed = commandNanos;
        long lastToVictim = commandNanos;
        int failed = 0;
        for (SteadyLoad.Outcome outcome : outcomes) {
            if (!outcome.ok()) {
                failed++;
                lastToVictim = Math.max(lastToVictim, outcome.sentNanos());
            } else if (victimIp.equals(outcome.servedIp())) {
                lastServed = Math.max(lastServed, outcome.sentNanos());
                lastToVictim = Math.max(lastToVictim, outcome.sentNanos());
            }
        }
        return new RemovalRun((lastServed - commandNanos) / 1e6, (lastToVictim - commandNanos) / 1e6, failed, outcomes.size(),
                lastToVictim > windowEndNanos - END_MARGIN_NANOS);
    }
}
