package dev.servicegov.registrator.bridge;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.codec.digest.MurmurHash3;

/**
 * One service to register for one port of one container.
 *
 * @param id stable service id {@code <node>:<container name>:<port>[:udp]}
 * @param name service name
 * @param address registered address: the container IP (internal mode) or the host's (published mode, host network)
 * @param port registered port: the container port (internal mode, host network) or the published host port
 * @param tags service tags
 * @param meta service meta, including the ownership keys
 * @param check health check, or {@code null} for none
 * @param containerId full container id
 * @param containerName container name
 * @param nameRule which rule gave the name, e.g. {@code label SERVICE_NAME} or {@code image}
 * @param maintenance reason the service is in Consul maintenance mode (its container is paused), or {@code null}
 * @param addressRule which setting or rule gave the address, e.g. {@code label SERVICE_NETWORK} or
 *     {@code network backend shared with the Consul agent}, or {@code null}
 * @param enableTagOverride whether Consul lets others change the service's tags in its catalog (its
 *     {@code EnableTagOverride}: the agent's anti-entropy then keeps their tags instead of putting back its own)
 * @param extraChecks more checks the service must pass besides {@code check} ({@code SERVICE_CHECKS}), probed by the
 *     registry; empty for none
 */
public record ServiceDefinition(String id, String name, String address, int port, List<String> tags,
        Map<String, String> meta, CheckDefinition check, String containerId, String containerName,
        String nameRule, String maintenance, String addressRule, boolean enableTagOverride,
        List<CheckDefinition> extraChecks) {

    public ServiceDefinition {
        tags = tags == null ? List.of() : List.copyOf(tags);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        extraChecks = extraChecks == null ? List.of() : List.copyOf(extraChecks);
    }

    public ServiceDefinition(String id, String name, String address, int port, List<String> tags,
            Map<String, String> meta, CheckDefinition check, String containerId, String containerName, String nameRule,
            String maintenance, String addressRule, boolean enableTagOverride) {
        this(id, name, address, port, tags, meta, check, containerId, containerName, nameRule, maintenance, addressRule,
                enableTagOverride, List.of());
    }

    public ServiceDefinition(String id, String name, String address, int port, List<String> tags,
            Map<String, String> meta, CheckDefinition check, String containerId, String containerName, String nameRule) {
        this(id, name, address, port, tags, meta, check, containerId, containerName, nameRule, null, null, false);
    }

    public ServiceDefinition(String id, String name, String address, int port, List<String> tags,
            Map<String, String> meta, CheckDefinition check, String containerId, String containerName, String nameRule,
            String maintenance) {
        this(id, name, address, port, tags, meta, check, containerId, containerName, nameRule, maintenance, null, false);
    }

    /** The check's status if it is a TTL check, else {@code null}. */
    public String ttlStatus() {
        return check != null && check.isTtl() ? check.status() : null;
    }

    /** The same service in maintenance mode for the reason, or out of it ({@code null}). */
    public ServiceDefinition withMaintenance(String reason) {
        return new ServiceDefinition(id, name, address, port, tags, meta, check, containerId, containerName, nameRule, reason,
                addressRule, enableTagOverride, extraChecks);
    }

    /** The same service with another health check. */
    public ServiceDefinition withCheck(CheckDefinition newCheck) {
        return new ServiceDefinition(id, name, address, port, tags, meta, newCheck, containerId, containerName, nameRule,
                maintenance, addressRule, enableTagOverride, extraChecks);
    }

    /** The same service with other extra checks. */
    public ServiceDefinition withExtraChecks(List<CheckDefinition> newExtraChecks) {
        return new ServiceDefinition(id, name, address, port, tags, meta, check, containerId, containerName, nameRule,
                maintenance, addressRule, enableTagOverride, newExtraChecks);
    }

    /** Whether the two differ in nothing but the TTL check's status and the maintenance mode. */
    public boolean sameRegistration(ServiceDefinition other) {
        return other != null && normalized().equals(other.normalized());
    }

    /**
     * A digest of what a registry writes for the service (id, name, address, port, tags, meta, tag override, checks),
     * the TTL check's status, the agent's own refresh interval and the check headers' values aside: two definitions
     * with the same registration have the same fingerprint, in any JVM. Registries keep it beside the service so that a
     * restarted agent can tell which services are already there as they should be. Header values may be credentials,
     * and this digest is no cryptographic one: they stay out. Nothing is lost by it: a container's labels cannot change
     * without a new container, whose id is in the meta.
     */
    public String fingerprint() {
        // built field by field: a record's toString and a map's would cost a first call of tens of milliseconds here
        StringBuilder text = new StringBuilder(512);
        field(text, id).field(text, name).field(text, address).field(text, Integer.toString(port));
        field(text, Integer.toString(tags.size()));
        for (String tag : tags) {
            field(text, tag);
        }
        field(text, Integer.toString(meta.size()));
        for (Map.Entry<String, String> entry : new TreeMap<>(meta).entrySet()) {
            field(text, entry.getKey()).field(text, entry.getValue());
        }
        if (enableTagOverride) {
            // only when set, so that the fingerprints of the registrations made before it existed stay the same
            field(text, "enable-tag-override");
        }
        CheckDefinition plain = normalized().check();
        if (plain != null) {
            check(text, plain);
        }
        if (!extraChecks.isEmpty()) {
            // only when there are some, so that the fingerprints of the registrations made before they existed stay the same
            field(text, "extra-checks").field(text, Integer.toString(extraChecks.size()));
            extraChecks.forEach(extra -> check(text, extra));
        }
        // not a cryptographic digest: nothing that goes in is secret, and MessageDigest would load the security
        // providers on the way to the first registration
        long[] hash = MurmurHash3.hash128x64(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits(hash[0]) + HexFormat.of().toHexDigits(hash[1]);
    }

    private void check(StringBuilder text, CheckDefinition check) {
        field(text, check.type()).field(text, check.target()).field(text, check.interval()).field(text, check.timeout())
                .field(text, check.deregisterCriticalServiceAfter()).field(text, check.status()).field(text, check.method())
                .field(text, Boolean.toString(check.tlsSkipVerify()));
        // each only when set, so that the fingerprints of the registrations made before it existed stay the same
        if (check.grpcUseTls()) {
            field(text, "grpc-use-tls");
        }
        if (!check.headers().isEmpty()) {
            field(text, "headers").field(text, Integer.toString(check.headers().size()));
            check.headers().keySet().forEach(header -> field(text, header));
        }
    }

    private ServiceDefinition field(StringBuilder text, String value) {
        text.append(value == null ? -1 : value.length()).append(':').append(value == null ? "" : value).append(';');
        return this;
    }

    private ServiceDefinition normalized() {
        CheckDefinition plain = check != null && check.isTtl() ? check.withStatus(null) : check;
        return withCheck(plain).withMaintenance(null);
    }
}
