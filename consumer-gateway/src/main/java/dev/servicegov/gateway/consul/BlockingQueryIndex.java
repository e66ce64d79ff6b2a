package dev.servicegov.gateway.consul;

/**
 * The index rules of Consul's blocking queries (developer.hashicorp.com/consul/api-docs/features/blocking):
 * the next query waits for a change after the index of the last answer, except that an index of 0 or
 * less (a Consul bug) becomes 1 so the next query still blocks, and an index going backwards starts
 * over (0: answer at once). The loop's {@code min-interval} keeps either case from spinning.
 */
public final class BlockingQueryIndex {

    private BlockingQueryIndex() {
    }

    /** The index to send with the next query, from the one sent before and the one just answered. */
    public static long next(long sent, long answered) {
        if (answered <= 0) {
            return 1;
        }
        if (answered < sent) {
            return 0;
        }
        return answered;
    }
}
