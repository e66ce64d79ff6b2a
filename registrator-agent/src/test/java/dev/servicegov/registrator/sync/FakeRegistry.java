package dev.servicegov.registrator.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.registry.ForeignService;
import dev.servicegov.registrator.registry.OwnedService;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.RegistryUnreachableException;
import dev.servicegov.registrator.registry.ServiceRegistry;

/** A registry in memory that can be made to fail, recording every write. */
final class FakeRegistry implements ServiceRegistry {
    final Map<String, ServiceDefinition> services = new LinkedHashMap<>();
    final List<String> writes = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    /** Calls ({@code "maintenance <id> true"}) that fail once, the registry answering an error. */
    final Set<String> failOnce = new HashSet<>();
    /** Calls that fail until removed from here, the registry answering an error each time. */
    final Set<String> failAlways = new HashSet<>();
    /** Errors that a call ({@code "register <id>"}) throws once. */
    final Map<String, Error> errorOnce = new ConcurrentHashMap<>();
    /** Lists no fingerprints, as etcd, whose keys a restarted agent writes again anyway. */
    boolean keepsNoFingerprints;
    boolean down;
    boolean unreachable;
    int attempts;
    /** When set, a registration waits for it, whatever interrupts its thread, as a slow registry's answer would. */
    volatile CountDownLatch registrationsHeld;
    /** Counted down when a registration starts waiting for {@link #registrationsHeld}. */
    final CountDownLatch registrationWaiting = new CountDownLatch(1);

    @Override
    public void register(ServiceDefinition service) {
        CountDownLatch held = registrationsHeld;
        if (held != null) {
            registrationWaiting.countDown();
        }
        while (held != null && held.getCount() > 0) {
            try {
                held.await();
            } catch (InterruptedException e) {
                // not interruptible: an HTTP call on its way is not
            }
        }
        fail("register " + service.id());
        services.put(service.id(), service);
    }

    @Override
    public void deregister(String serviceId) {
        fail("deregister " + serviceId);
        services.remove(serviceId);
    }

    final Map<String, String> maintenance = new LinkedHashMap<>();
    final Map<String, String> ttl = new LinkedHashMap<>();

    @Override
    public void maintenance(String serviceId, boolean enable, String reason) {
        fail("maintenance " + serviceId + " " + enable);
        if (enable) {
            maintenance.put(serviceId, reason);
        } else {
            maintenance.remove(serviceId);
        }
    }

    @Override
    public void updateTtl(String serviceId, String status, String output) {
        fail("ttl " + serviceId + " " + status);
        ttl.put(serviceId, status);
    }

    @Override
    public Map<String, OwnedService> listOwned(String nodeName) {
        fail("list");
        return services.values().stream().filter(s -> nodeName.equals(s.meta().get("registrator-node")))
                .collect(Collectors.toMap(ServiceDefinition::id, s -> new OwnedService(keepsNoFingerprints ? "" : s.fingerprint(), s.containerId())));
    }

    /** Services held for someone else, by id, as the last listing found them. */
    final Map<String, ForeignService> foreign = new LinkedHashMap<>();

    @Override
    public Map<String, ForeignService> foreignAtLastListing() {
        return Map.copyOf(foreign);
    }

    @Override
    public void ping() {
        fail("ping");
    }

    private void fail(String what) {
        Error error = errorOnce.remove(what);
        if (error != null) {
            throw error;
        }
        attempts++;
        calls.add(what);
        if (unreachable) {
            throw new RegistryUnreachableException("Consul: " + what + " failed: connect timed out", null);
        }
        if (down || failOnce.remove(what) || failAlways.contains(what)) {
            throw new RegistryException("Consul: " + what + " failed: connection refused", null);
        }
        if (!what.equals("list") && !what.equals("ping")) {
            writes.add(what);
        }
    }
}
