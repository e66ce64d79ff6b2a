package dev.servicegov.registrator.registry.etcd;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.kv.KvStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd keys bound to one lease that this agent keeps alive (every third of its TTL), so that a dead agent's keys
 * expire by themselves. When the lease is lost (it expired while etcd or the agent stalled, or etcd lost it) a new
 * one is granted and every key this agent wrote is written again.
 */
public class EtcdKvStore implements KvStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EtcdKvStore.class);

    private final EtcdGateway etcd;
    private final long ttlSeconds;
    private final ScheduledExecutorService keeper;
    /** What this agent wrote, to write again under a new lease. */
    private final Map<String, String> written = new LinkedHashMap<>();
    private long lease;
    /** A new lease was granted but not every key is written under it yet. */
    private boolean rewriting;

    EtcdKvStore(EtcdGateway etcd, Duration ttl) {
        this.etcd = etcd;
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
        long everyMillis = Math.max(200, ttl.toMillis() / 3);
        this.keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "etcd-lease-keeper");
            thread.setDaemon(true);
            return thread;
        });
        keeper.scheduleWithFixedDelay(this::keepAlive, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void put(String key, String value) {
        if (lease == 0) {
            lease = etcd.grant(ttlSeconds);
            log.info("{}: writing under lease {} ({} s, kept alive by this agent)", etcd.name(), lease, ttlSeconds);
        }
        etcd.put(key, value, lease);
        written.put(key, value);
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(etcd.range(key, null).get(key));
    }

    @Override
    public Map<String, String> list(String prefix) {
        return etcd.range(prefix, EtcdGateway.prefixEnd(prefix));
    }

    @Override
    public synchronized void delete(String key) {
        etcd.delete(key);
        written.remove(key);
    }

    @Override
    public synchronized Optional<String> writtenByThisAgent(String key) {
        return Optional.ofNullable(written.get(key));
    }

    @Override
    public void ping() {
        etcd.status();
    }

    @Override
    public String describe() {
        return etcd.name();
    }

    /** No: every key is bound to the lease of the agent that wrote it, which ends with that agent. */
    @Override
    public boolean keysOutliveTheirWriter() {
        return false;
    }

    /** The current lease, 0 before the first write. */
    synchronized long lease() {
        return lease;
    }

    synchronized void keepAlive() {
        if (lease == 0) {
            return;
        }
        try {
            if (!rewriting) {
                if (etcd.keepAlive(lease) > 0) {
                    return;
                }
                long lost = lease;
                lease = etcd.grant(ttlSeconds);
                rewriting = true;
                log.warn("{}: lease {} was lost (expired or etcd restarted); writing {} keys again under lease {}",
                        etcd.name(), lost, written.size(), lease);
            }
            written.forEach((key, value) -> etcd.put(key, value, lease));
            rewriting = false;
        } catch (RegistryException e) {
            // etcd unreachable: keep trying; if the lease expires meanwhile, the next answer says so
            log.debug("{}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("{}: keeping the lease alive failed: {}", etcd.name(), e.toString());
        }
    }

    /** Stops renewing; the keys expire with the lease unless a new agent writes them again. */
    @Override
    public void close() {
        keeper.shutdownNow();
    }
}
