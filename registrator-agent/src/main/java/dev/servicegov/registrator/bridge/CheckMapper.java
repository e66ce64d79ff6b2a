package dev.servicegov.registrator.bridge;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Pure mapping of a port's {@code SERVICE_CHECK_*} settings (and the container's Docker HEALTHCHECK) to its Consul
 * check. First match wins: {@code CHECK_TCP=true}, {@code CHECK_HTTP}, {@code CHECK_HTTPS}, {@code CHECK_SCRIPT},
 * {@code CHECK_TTL}, {@code CHECK_GRPC}, a Docker HEALTHCHECK, the agent-wide TTL, else TCP (udp ports: a TTL check
 * the agent keeps passing).
 * A setting that does not parse is a warning naming it and what was expected, and the check is made without it.
 */
final class CheckMapper {

    private static final Set<String> STATUSES = Set.of("passing", "warning", "critical");
    /** Every {@code SERVICE_CHECK_*} key this mapping reads, in name order; any other is a warning. */
    private static final SortedSet<String> KNOWN_KEYS = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(
            "CHECK_HTTP", "CHECK_HTTPS", "CHECK_TCP", "CHECK_TTL", "CHECK_TTL_REFRESH", "CHECK_SCRIPT", "CHECK_GRPC",
            "CHECK_GRPC_USE_TLS", "CHECK_INTERVAL", "CHECK_TIMEOUT", "CHECK_INITIAL_STATUS", "CHECK_DEREGISTER_AFTER",
            "CHECK_HTTP_METHOD", "CHECK_HTTPS_METHOD", "CHECK_HEADER", "CHECK_TLS_SKIP_VERIFY", "CHECK_PORT")));
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private CheckMapper() {
    }

    static CheckDefinition check(ContainerInfo container, MappingContext context, Attributes attributes,
            String address, int port, boolean udp, List<String> warnings) {
        warnUnknownKeys(container, attributes, warnings);
        CheckDefinition check = checkOf(container, context, attributes, address, port, udp, warnings);
        boolean https = "http".equals(check.type()) && check.target().startsWith("https://");
        ignoredUnless("http".equals(check.type()), container, attributes, "CHECK_HEADER",
                "only an http check (SERVICE_CHECK_HTTP or SERVICE_CHECK_HTTPS) sends headers", warnings);
        ignoredUnless(https, container, attributes, "CHECK_HTTPS_METHOD", "it is the method of an https check "
                + "(SERVICE_CHECK_HTTPS); SERVICE_CHECK_HTTP's is SERVICE_CHECK_HTTP_METHOD", warnings);
        ignoredUnless(!check.isTtl(), container, attributes, "CHECK_PORT", "a " + check.type() + " check probes no port",
                warnings);
        return check;
    }

    /** A key set for a check it does not apply to: one warning saying why, without its value. */
    private static void ignoredUnless(boolean applies, ContainerInfo container, Attributes attributes, String key, String why,
            List<String> warnings) {
        if (!applies && attributes.value(key) != null) {
            warnings.add(describe(container) + ": " + attributes.get(key).source() + " is set, but " + why + "; ignoring it");
        }
    }

    private static CheckDefinition checkOf(ContainerInfo container, MappingContext context, Attributes attributes,
            String address, int port, boolean udp, List<String> warnings) {
        String interval = duration(container, attributes, "CHECK_INTERVAL", context.defaultInterval(), warnings);
        String timeout = duration(container, attributes, "CHECK_TIMEOUT", context.defaultTimeout(), warnings);
        String deregister = duration(container, attributes, "CHECK_DEREGISTER_AFTER", context.deregisterAfter(), warnings);
        String status = status(container, attributes, warnings);
        boolean skipVerify = flag(container, attributes, "CHECK_TLS_SKIP_VERIFY", warnings);
        // read (and warned about) here, used after http, https, script and ttl, as registrator ordered them
        boolean tcp = flag(container, attributes, "CHECK_TCP", warnings);
        String hostPort = host(address) + ":" + port;
        if (udp) {
            for (String key : List.of("CHECK_HTTP", "CHECK_HTTPS", "CHECK_GRPC")) {
                if (attributes.value(key) != null) {
                    warn(warnings, container, attributes.get(key), "no network check on a udp port", "registering without it");
                }
            }
        }
        for (String scheme : List.of("http", "https")) {
            String key = "CHECK_" + scheme.toUpperCase(Locale.ROOT);
            String path = attributes.value(key);
            if (path != null && !udp) {
                if (path.startsWith("/")) {
                    return new CheckDefinition("http", scheme + "://" + hostPort + path, interval, timeout, deregister, status,
                            method(container, attributes, scheme, warnings), skipVerify, null, false,
                            headers(container, attributes, warnings));
                }
                warn(warnings, container, attributes.get(key), "a path starting with '/', e.g. /actuator/health", "not using it");
            }
        }
        String script = attributes.value("CHECK_SCRIPT");
        if (script != null) {
            String command = script.replace("$SERVICE_IP", address).replace("$SERVICE_PORT", Integer.toString(port));
            return new CheckDefinition("script", command, interval, timeout, deregister, status, null, false, null);
        }
        String ttl = attributes.value("CHECK_TTL");
        if (ttl != null) {
            if (Durations.isValid(ttl)) {
                String refresh = TtlRefresh.of(container, attributes, context, ttl, warnings);
                return new CheckDefinition("ttl", ttl, null, null, deregister, refresh != null ? "passing" : status, null, false,
                        refresh);
            }
            warn(warnings, container, attributes.get("CHECK_TTL"), Durations.EXPECTED, "not using it");
        }
        if (tcp && !udp) {
            return new CheckDefinition("tcp", hostPort, interval, timeout, deregister, status, null, false, null);
        }
        String grpc = attributes.value("CHECK_GRPC");
        if (grpc != null && !udp && !Attributes.isNo(grpc)) {
            String target = attributes.isTrue("CHECK_GRPC") ? hostPort : hostPort + "/" + grpc;
            boolean useTls = flag(container, attributes, "CHECK_GRPC_USE_TLS", warnings);
            return new CheckDefinition("grpc", target, interval, timeout, deregister, status, null, skipVerify, null,
                    useTls);
        }
        if (container.health() != null) {
            return new CheckDefinition("docker", context.healthTtl(), null, null, deregister, dockerStatus(container.health()),
                    null, false, context.healthRefresh());
        }
        if (context.ttl() != null) {
            String refresh = context.ttlRefresh() != null ? context.ttlRefresh() : TtlRefresh.half(context.ttl());
            return new CheckDefinition("ttl", context.ttl(), null, null, deregister, "passing", null, false, refresh);
        }
        if (udp) {
            // nothing can probe a udp port; a TTL check the agent keeps passing while the container runs gives the
            // service, like every other, a DeregisterCriticalServiceAfter: it leaves Consul should the agent be gone
            return new CheckDefinition("ttl", context.healthTtl(), null, null, deregister, "passing", null, false,
                    context.healthRefresh());
        }
        return new CheckDefinition("tcp", hostPort, interval, timeout, deregister, status, null, false, null);
    }

    /**
     * The container port the check probes: {@code SERVICE_CHECK_PORT} (registrator #524: a service whose health is served
     * on another port, such as Spring Boot's {@code management.server.port}), a tcp port, exposed or not; else the
     * service's own port.
     */
    static ContainerInfo.PortSpec checkPort(ContainerInfo container, Attributes attributes, ContainerInfo.PortSpec port,
            List<String> warnings) {
        String value = attributes.value("CHECK_PORT");
        if (value == null) {
            return port;
        }
        if (!PORT.matcher(value).matches() || Integer.parseInt(value) > 65535) {
            warn(warnings, container, attributes.get("CHECK_PORT"), "a port number from 1 to 65535", "checking the service's own port");
            return port;
        }
        int checked = Integer.parseInt(value);
        return container.ports().stream().filter(exposed -> exposed.port() == checked && !exposed.udp()).findFirst()
                .orElse(new ContainerInfo.PortSpec(checked, "tcp"));
    }

    /**
     * A {@code SERVICE_CHECK_*} key this mapping does not read is a mistake to name: a typo, or registrator's checks
     * run in the container through progrium/consul's scripts, which Consul itself does not have.
     */
    private static void warnUnknownKeys(ContainerInfo container, Attributes attributes, List<String> warnings) {
        attributes.all().forEach((key, setting) -> {
            if (!key.startsWith("CHECK_") || KNOWN_KEYS.contains(key)) {
                return;
            }
            String instead = key.equals("CHECK_CMD") || key.equals("CHECK_DOCKER")
                    ? "registrator ran it in the container through progrium/consul's check scripts; give the image a "
                            + "Docker HEALTHCHECK running that command (Docker's verdict becomes Consul's) or use "
                            + "SERVICE_CHECK_SCRIPT (run by the Consul agent)"
                    : "the check keys are " + KNOWN_KEYS.stream().map(known -> setting.originalKey().startsWith("SERVICE_CHECKS_")
                            ? known.substring("CHECK_".length()).toLowerCase(Locale.ROOT) : "SERVICE_" + known).toList();
            warnings.add(describe(container) + ": " + setting.quoted() + " is not a check setting this agent knows; "
                    + instead + "; ignoring it");
        });
    }

    /** Docker's HEALTHCHECK verdict as a Consul status. */
    static String dockerStatus(String health) {
        return switch (health) {
            case "healthy" -> "passing";
            case "starting" -> "warning";
            default -> "critical";
        };
    }

    /** A yes/no setting: true, 1 or yes; false, 0 or no; anything else is a warning and no. */
    static boolean flag(ContainerInfo container, Attributes attributes, String key, List<String> warnings) {
        String value = attributes.value(key);
        if (value == null || Attributes.isNo(value)) {
            return false;
        }
        if (Attributes.isYes(value)) {
            return true;
        }
        warn(warnings, container, attributes.get(key), "true or false", "taking it as false");
        return false;
    }

    private static String status(ContainerInfo container, Attributes attributes, List<String> warnings) {
        String value = attributes.value("CHECK_INITIAL_STATUS");
        if (value == null) {
            return null;
        }
        if (STATUSES.contains(value.toLowerCase(Locale.ROOT))) {
            return value.toLowerCase(Locale.ROOT);
        }
        warn(warnings, container, attributes.get("CHECK_INITIAL_STATUS"), "passing, warning or critical", "using Consul's default");
        return null;
    }

    /** {@code CHECK_HTTPS_METHOD} for an https check (registrator's key), else {@code CHECK_HTTP_METHOD}. */
    private static String method(ContainerInfo container, Attributes attributes, String scheme, List<String> warnings) {
        String key = "https".equals(scheme) && attributes.value("CHECK_HTTPS_METHOD") != null ? "CHECK_HTTPS_METHOD"
                : "CHECK_HTTP_METHOD";
        String value = attributes.value(key);
        if (value == null) {
            return null;
        }
        if (METHOD.matcher(value.toUpperCase(Locale.ROOT)).matches()) {
            return value.toUpperCase(Locale.ROOT);
        }
        warn(warnings, container, attributes.get(key), "an HTTP method such as GET or HEAD", "using GET");
        return null;
    }

    /** {@code CHECK_HEADER}, as Consul's check takes it: each name with its values. */
    private static Map<String, List<String>> headers(ContainerInfo container, Attributes attributes, List<String> warnings) {
        String value = attributes.value("CHECK_HEADER");
        if (value == null) {
            return Map.of();
        }
        try {
            return CheckHeaders.parse(value);
        } catch (IllegalArgumentException invalid) {
            // its value is not logged: headers carry credentials
            warnings.add(describe(container) + ": " + attributes.get("CHECK_HEADER").source() + " is invalid (" + invalid.getMessage()
                    + "); expected " + CheckHeaders.EXPECTED + "; checking without headers");
            return Map.of();
        }
    }

    static String host(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static String duration(ContainerInfo container, Attributes attributes, String key, String fallback, List<String> warnings) {
        String value = attributes.value(key);
        if (value == null) {
            return fallback;
        }
        if (Durations.isValid(value)) {
            return value;
        }
        warn(warnings, container, attributes.get(key), Durations.EXPECTED, "using " + fallback);
        return fallback;
    }

    static void warn(List<String> warnings, ContainerInfo container, Attributes.Setting setting, String expected, String outcome) {
        warnings.add(describe(container) + ": " + setting.quoted() + " is invalid; expected "
                + expected + "; " + outcome);
    }

    static String describe(ContainerInfo container) {
        String id = container.id();
        return "container '" + container.name() + "' (" + (id.length() > 12 ? id.substring(0, 12) : id) + ")";
    }
}
