package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Pure mapping of an inspected container to the services to register for it. */
public final class ServiceMapper {

    public static final String OWNER_KEY = "registered-by";
    public static final String OWNER = "registrator-agent";
    public static final String NODE_KEY = "registrator-node";
    public static final String CONTAINER_ID_KEY = "container-id";
    public static final String CONTAINER_NAME_KEY = "container-name";
    public static final String COMPOSE_SERVICE_LABEL = "com.docker.compose.service";

    private static final Set<String> NON_META = Set.of("NAME", "TAGS", "IGNORE", "ID");
    private static final Set<String> RESERVED_META = Set.of(OWNER_KEY, NODE_KEY, CONTAINER_ID_KEY, CONTAINER_NAME_KEY);
    private static final Pattern META_KEY = Pattern.compile("[a-zA-Z0-9_-]{1,128}");

    private ServiceMapper() {
    }

    /** The services of the container; never throws for bad settings, which become warnings. */
    public static MappingResult map(ContainerInfo container, MappingContext context) {
        if (isSelf(container, context)) {
            return MappingResult.none();
        }
        List<ContainerInfo.PortSpec> ports = container.ports().stream()
                .sorted(Comparator.comparingInt(ContainerInfo.PortSpec::port).thenComparing(ContainerInfo.PortSpec::protocol))
                .toList();
        if (ports.isEmpty()) {
            return MappingResult.none();
        }
        List<String> warnings = new ArrayList<>();
        String address = address(container, context.preferredNetwork());
        if (address == null) {
            warnings.add(describe(container) + ": has no IP address on any network (network mode host or none?); its "
                    + ports.size() + " exposed port(s) are not registered");
            return new MappingResult(List.of(), warnings);
        }
        List<ServiceDefinition> services = new ArrayList<>();
        for (ContainerInfo.PortSpec port : ports) {
            Attributes attributes = Attributes.forPort(container, port.port());
            if (attributes.isTrue("IGNORE")) {
                continue;
            }
            String[] nameAndRule = name(container, attributes, port, ports.size() > 1);
            String id = context.nodeName() + ":" + container.name() + ":" + port.port() + (port.udp() ? ":udp" : "");
            services.add(new ServiceDefinition(id, nameAndRule[0], address, port.port(), tags(attributes),
                    meta(container, context, attributes, warnings), check(container, context, attributes, address, port, warnings),
                    container.id(), container.name(), nameAndRule[1]));
        }
        return new MappingResult(services, warnings);
    }

    static boolean isSelf(ContainerInfo container, MappingContext context) {
        String self = context.selfId();
        return self != null && self.length() >= 12 && container.id().startsWith(self);
    }

    /** The container's IP on the preferred network, else on the first network in name order. */
    static String address(ContainerInfo container, String preferredNetwork) {
        if (preferredNetwork != null && !preferredNetwork.isBlank()) {
            String ip = container.networks().get(preferredNetwork);
            if (ip != null && !ip.isBlank()) {
                return ip;
            }
        }
        return container.networks().entrySet().stream()
                .filter(entry -> entry.getValue() != null && !entry.getValue().isBlank())
                .min(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .orElse(null);
    }

    private static String[] name(ContainerInfo container, Attributes attributes, ContainerInfo.PortSpec port, boolean severalPorts) {
        String explicit = attributes.value("NAME");
        if (explicit != null && attributes.isPerPort("NAME")) {
            return new String[] {explicit, attributes.get("NAME").source()};
        }
        String base;
        String rule;
        if (explicit != null) {
            base = explicit;
            rule = attributes.get("NAME").source();
        } else if (!container.labels().getOrDefault(COMPOSE_SERVICE_LABEL, "").isBlank()) {
            base = container.labels().get(COMPOSE_SERVICE_LABEL).trim();
            rule = "label " + COMPOSE_SERVICE_LABEL;
        } else if (!ImageNames.baseName(container.image()).isEmpty()) {
            base = ImageNames.baseName(container.image());
            rule = "image";
        } else {
            base = container.name();
            rule = "container name";
        }
        return new String[] {severalPorts ? base + "-" + port.port() : base, rule};
    }

    private static List<String> tags(Attributes attributes) {
        String tags = attributes.value("TAGS");
        if (tags == null) {
            return List.of();
        }
        return Arrays.stream(tags.split(",")).map(String::trim).filter(tag -> !tag.isEmpty()).distinct().toList();
    }

    private static Map<String, String> meta(ContainerInfo container, MappingContext context, Attributes attributes, List<String> warnings) {
        Map<String, String> meta = new LinkedHashMap<>();
        attributes.all().forEach((key, setting) -> {
            if (NON_META.contains(key) || key.startsWith("CHECK_")) {
                return;
            }
            String metaKey = key.toLowerCase(Locale.ROOT);
            if (!META_KEY.matcher(metaKey).matches() || RESERVED_META.contains(metaKey)) {
                warn(warnings, container, setting, "a meta key of letters, digits, '-' or '_' (at most 128) other than "
                        + RESERVED_META, "ignoring it");
                return;
            }
            meta.put(metaKey, setting.value());
        });
        meta.put(OWNER_KEY, OWNER);
        meta.put(NODE_KEY, context.nodeName());
        meta.put(CONTAINER_ID_KEY, container.id());
        meta.put(CONTAINER_NAME_KEY, container.name());
        return meta;
    }

    private static CheckDefinition check(ContainerInfo container, MappingContext context, Attributes attributes,
            String address, ContainerInfo.PortSpec port, List<String> warnings) {
        String interval = duration(container, attributes, "CHECK_INTERVAL", context.defaultInterval(), warnings);
        String timeout = duration(container, attributes, "CHECK_TIMEOUT", context.defaultTimeout(), warnings);
        String path = attributes.value("CHECK_HTTP");
        if (port.udp()) {
            if (path != null) {
                warn(warnings, container, attributes.get("CHECK_HTTP"), "no HTTP check on a udp port", "registering without a check");
            }
            return null;
        }
        if (path != null && !attributes.isTrue("CHECK_TCP")) {
            if (path.startsWith("/")) {
                return new CheckDefinition("http", "http://" + host(address) + ":" + port.port() + path, interval, timeout,
                        context.deregisterAfter());
            }
            warn(warnings, container, attributes.get("CHECK_HTTP"), "a path starting with '/', e.g. /actuator/health",
                    "using a TCP check");
        }
        return new CheckDefinition("tcp", host(address) + ":" + port.port(), interval, timeout, context.deregisterAfter());
    }

    private static String host(String address) {
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

    private static void warn(List<String> warnings, ContainerInfo container, Attributes.Setting setting, String expected, String outcome) {
        warnings.add(describe(container) + ": " + setting.source() + "='" + setting.value() + "' is invalid; expected "
                + expected + "; " + outcome);
    }

    private static String describe(ContainerInfo container) {
        return "container '" + container.name() + "' (" + shortId(container.id()) + ")";
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
