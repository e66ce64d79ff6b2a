package dev.servicegov.gateway.balancer.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.web.util.UriUtils;

/**
 * Keeps a client on one instance: an instance cookie naming a usable instance sends the request there; else
 * the value of the sticky header (else cookie) picks the instance by rendezvous hashing, so a value stays on
 * its instance while that instance is usable and only the values of an instance that leaves move. Requests
 * with neither go to the fallback policy.
 */
public class StickyPolicy implements LoadBalancingPolicy {

    private final String header;
    private final String cookie;
    private final String instanceCookie;
    private final LoadBalancingPolicy fallback;

    public StickyPolicy(String header, String cookie, LoadBalancingPolicy fallback) {
        this(header, cookie, null, fallback);
    }

    /** @param instanceCookie the cookie naming the instance a client was last served by, or {@code null} */
    public StickyPolicy(String header, String cookie, String instanceCookie, LoadBalancingPolicy fallback) {
        this.header = header;
        this.cookie = cookie;
        this.instanceCookie = instanceCookie;
        this.fallback = fallback;
    }

    /**
     * The instance cookie's value for an instance id: the id percent-encoded, all but letters, digits and {@code -._~}
     * (RFC 3986's unreserved characters), so that any id fits in a cookie value (RFC 6265, 4.1.1).
     */
    public static String instanceCookieValue(String instanceId) {
        return UriUtils.encode(instanceId, StandardCharsets.UTF_8);
    }

    /** The instance id an instance cookie's value names; {@code null} for none, or for a value no id was encoded to. */
    static String instanceIdIn(String cookieValue) {
        if (cookieValue == null) {
            return null;
        }
        try {
            return UriUtils.decode(cookieValue, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    @Override
    public ServiceInstance choose(List<ServiceInstance> instances, RequestData request) {
        String lastServedBy = instanceIdIn(cookieValue(request, instanceCookie));
        if (lastServedBy != null) {
            for (ServiceInstance instance : instances) {
                if (lastServedBy.equals(instance.getInstanceId())) {
                    return instance;
                }
            }
        }
        String key = keyOf(request);
        if (key == null) {
            return fallback.choose(instances, request);
        }
        ServiceInstance best = null;
        long bestScore = Long.MIN_VALUE;
        for (ServiceInstance instance : instances) {
            long score = hash(key + "\n" + instance.getInstanceId() + "\n" + instance.getHost() + ":" + instance.getPort());
            if (best == null || score > bestScore) {
                best = instance;
                bestScore = score;
            }
        }
        return best;
    }

    String keyOf(RequestData request) {
        if (request == null) {
            return null;
        }
        if (header != null && !header.isBlank() && request.getHeaders() != null) {
            String value = request.getHeaders().getFirst(header);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return cookieValue(request, cookie);
    }

    private static String cookieValue(RequestData request, String name) {
        if (request == null || name == null || name.isBlank() || request.getCookies() == null) {
            return null;
        }
        String value = request.getCookies().getFirst(name);
        return value != null && !value.isBlank() ? value : null;
    }

    /** FNV-1a 64 with a final avalanche (splitmix64), stable across JVMs. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
