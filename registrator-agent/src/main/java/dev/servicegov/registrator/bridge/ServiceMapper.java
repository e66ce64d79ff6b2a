package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Pure mapping of an inspected container to the services to register for it. */
public final class ServiceMapper {

    public static final String OWNER_KEY = "registered-by";
    public static final String OWNER = "registrator-agent";
    public static final String NODE_KEY = "registrator-node";
    public static final String CONTAINER_ID_KEY = "container-id";
    public static final String CONTAINER_NAME_KEY = "container-name";
    /** Meta a registry may add: the registration's {@link ServiceDefinition#fingerprint()}. */
    public static final String FINGERPRINT_KEY = "registrator-fingerprint";
    public static final String COMPOSE_SERVICE_LABEL = "com.docker.compose.service";

    private static final Set<String> NON_META = Set.of("NAME", "TAGS", "IGNORE", "ID", "ENABLE_TAG_OVERRIDE", "CHECKS",
            AddressChooser.NETWORK_KEY, AddressChooser.IP_VERSION_KEY);
    private static final Set<String> RESERVED_META = Set.of(OWNER_KEY, NODE_KEY, CONTAINER_ID_KEY, CONTAINER_NAME_KEY,
            FINGERPRINT_KEY);
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9-]{1,63}");
    private static final Pattern META_KEY = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
    private static final int MAX_META_VALUE = 512;
    private static final int MAX_OWN_META = 64 - RESERVED_META.size();
    /** Consul takes a service id in URL paths: nothing that a path or a query would read otherwise. */
    private static final Pattern SERVICE_ID = Pattern.compile("[^\\s/?#%\\\\]{1,256}");
    static final String UDP_TAG = "udp";

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
        List<String> warnings = new ArrayList<>();
        warnOtherPorts(container, ports, warnings);
        if (ports.isEmpty()) {
            return new MappingResult(List.of(), warnings);
        }
        if (!container.hostNetwork() && !context.internal() && ports.stream().noneMatch(port -> port.hostPort() != null)) {
            return new MappingResult(List.of(), warnings);
        }
        String fixed = Endpoints.fixedAddress(container, context);
        String fixedRule = Endpoints.labelAddress(container, context) != null ? "label " + context.ipLabel() : "registrator.ip";
        if (fixed == null && (container.hostNetwork() || !context.internal())) {
            boolean published = ports.stream().anyMatch(port -> port.hostPort() != null && Endpoints.specific(port.hostIp()));
            if (container.hostNetwork() || !published) {
                warnings.add(CheckMapper.describe(container) + ": " + (container.hostNetwork() ? "uses the host's network"
                        : "is registered with its published ports") + " but the host's address is unknown; set "
                        + "registrator.ip (REGISTRATOR_IP); its " + ports.size() + " exposed port(s) are not registered");
                return new MappingResult(List.of(), warnings);
            }
        }
        if (fixed == null && context.internal() && container.networkNames().isEmpty()) {
            warnings.add(CheckMapper.describe(container) + ": has no IP address on any network (network mode '"
                    + container.networkMode() + "'); its " + ports.size() + " exposed port(s) are not registered");
            return new MappingResult(List.of(), warnings);
        }
        // as registrator: in published mode only the published ports make a group of -<port> names
        boolean severalPorts = (context.internal() || container.hostNetwork() ? ports.stream()
                : ports.stream().filter(port -> port.hostPort() != null)).count() > 1;
        List<ServiceDefinition> services = new ArrayList<>();
        String maintenance = container.paused() ? "container " + container.name() + " is paused (" + OWNER + ")" : null;
        for (ContainerInfo.PortSpec port : ports) {
            Attributes attributes = Attributes.forPort(container, port.port());
            if (ignored(container, attributes, warnings) || context.explicit() && attributes.value("NAME") == null) {
                continue;
            }
            AddressChooser.Choice own = fixed == null && context.internal() && !container.hostNetwork()
                    ? AddressChooser.choose(container, attributes, context, warnings) : null;
            Endpoints.Endpoint endpoint = Endpoints.of(container, context, port, fixed, fixedRule, own);
            if (endpoint == null) {
                continue;
            }
            String[] nameAndRule = name(container, attributes, port, severalPorts);
            warnIfNotDnsResolvable(container, nameAndRule[0], nameAndRule[1], warnings);
            String id = id(container, context, attributes, port, severalPorts, warnings);
            if (services.stream().anyMatch(service -> service.id().equals(id))) {
                warnings.add(CheckMapper.describe(container) + ": its port " + port.port() + " would be registered "
                        + "under the id '" + id + "' of another of its ports; give each port its own "
                        + "SERVICE_<port>_ID; registering port " + port.port() + " under none");
                continue;
            }
            CheckSite site = new CheckSite(container, context, port, endpoint, fixed, fixedRule, own);
            services.add(new ServiceDefinition(id, nameAndRule[0], endpoint.address(), endpoint.port(),
                    tags(attributes, context, port.udp()), meta(container, context, attributes, warnings),
                    site.check(attributes, warnings), container.id(), container.name(), nameAndRule[1], maintenance,
                    endpoint.rule(), CheckMapper.flag(container, attributes, "ENABLE_TAG_OVERRIDE", warnings),
                    ExtraChecks.map(site, attributes, warnings)));
        }
        // a container-wide setting is read once per port: its warning is said once
        return new MappingResult(services, List.copyOf(new LinkedHashSet<>(warnings)));
    }

    /** A {@code SERVICE_<port>_*} setting for a port the container does not expose is a mistake, not a service. */
    private static void warnOtherPorts(ContainerInfo container, List<ContainerInfo.PortSpec> ports,
            List<String> warnings) {
        Set<Integer> exposed = new TreeSet<>();
        ports.forEach(port -> exposed.add(port.port()));
        Attributes.forOtherPorts(container, exposed).forEach((setting, port) -> CheckMapper.warn(warnings, container,
                setting, port < 0 ? "a port number from 1 to 65535 (no leading zero)"
                        : exposed.isEmpty() ? "a port the container exposes (it exposes none)"
                        : "a port the container exposes (" + exposed + ")", "ignoring it"));
    }

    static boolean isSelf(ContainerInfo container, MappingContext context) {
        String self = context.selfId();
        return self != null && self.length() >= 12 && container.id().startsWith(self);
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

    /**
     * Consul registers any name, but its DNS interface answers only names of letters, digits and {@code -} that fit a
     * DNS label (it says so in its own log, which users seldom read): a Compose service {@code my_api} is no
     * {@code my_api.service.consul}.
     */
    private static void warnIfNotDnsResolvable(ContainerInfo container, String name, String rule, List<String> warnings) {
        if (!DNS_NAME.matcher(name).matches()) {
            warnings.add(CheckMapper.describe(container) + ": service name '" + name + "' (from " + rule + ") has "
                    + "characters other than letters, digits and '-', or more than 63 of them, so Consul's DNS interface"
                    + " cannot resolve it; give it SERVICE_NAME of up to 63 such characters if clients look it up by DNS;"
                    + " registering it as '" + name + "'");
        }
    }

    /**
     * {@code SERVICE_<port>_ID} as given, {@code SERVICE_ID} (with {@code -<port>} when the container has several
     * ports), else {@code <node>:<container name>:<port>}, stable across restarts of the agent; {@code :udp} on a
     * udp port.
     */
    private static String id(ContainerInfo container, MappingContext context, Attributes attributes,
            ContainerInfo.PortSpec port, boolean severalPorts, List<String> warnings) {
        String id = context.nodeName() + ":" + container.name() + ":" + port.port();
        String custom = attributes.value("ID");
        if (custom != null) {
            if (SERVICE_ID.matcher(custom).matches()) {
                id = severalPorts && !attributes.isPerPort("ID") ? custom + "-" + port.port() : custom;
            } else {
                CheckMapper.warn(warnings, container, attributes.get("ID"), "an id of at most 256 characters without "
                        + "spaces, '/', '?', '#', '%' or '\\'", "using " + id);
            }
        }
        return port.udp() ? id + ":udp" : id;
    }

    /** {@code SERVICE_TAGS} split at commas ({@code \,}: a comma in a tag), the agent-wide tags; {@code udp} on udp. */
    static List<String> tags(Attributes attributes, MappingContext context, boolean udp) {
        Set<String> tags = new LinkedHashSet<>();
        String text = attributes.value("TAGS");
        if (text != null) {
            tags.addAll(TagList.split(text));
        }
        context.extraTags().stream().map(String::trim).filter(tag -> !tag.isEmpty()).forEach(tags::add);
        if (udp) {
            tags.add(UDP_TAG);
        }
        return List.copyOf(tags);
    }

    /**
     * The container's other keys as Consul service meta, within Consul's limits (keys of at most 128 letters, digits,
     * '-' or '_', not starting with {@code consul-}; values of at most 512 characters; 64 pairs, this agent's own
     * included): Consul refuses a whole registration for one pair outside them.
     */
    private static Map<String, String> meta(ContainerInfo container, MappingContext context, Attributes attributes, List<String> warnings) {
        Map<String, String> meta = new LinkedHashMap<>();
        attributes.all().forEach((key, setting) -> {
            if (NON_META.contains(key) || key.startsWith("CHECK_")) {
                return;
            }
            String metaKey = key.toLowerCase(Locale.ROOT);
            if (!META_KEY.matcher(metaKey).matches() || RESERVED_META.contains(metaKey) || metaKey.startsWith("consul-")) {
                CheckMapper.warn(warnings, container, setting, "a meta key of letters, digits, '-' or '_' (at most 128)"
                        + " not starting with 'consul-', other than " + RESERVED_META, "ignoring it");
            } else if (setting.value().length() > MAX_META_VALUE) {
                CheckMapper.warn(warnings, container, setting, "a meta value of at most " + MAX_META_VALUE
                        + " characters, Consul's limit", "ignoring it");
            } else if (meta.size() == MAX_OWN_META) {
                CheckMapper.warn(warnings, container, setting, "at most " + MAX_OWN_META + " meta keys (Consul takes 64,"
                        + " " + RESERVED_META.size() + " of them this agent's)", "ignoring it");
            } else {
                meta.put(metaKey, setting.value());
            }
        });
        meta.put(OWNER_KEY, OWNER);
        meta.put(NODE_KEY, context.nodeName());
        meta.put(CONTAINER_ID_KEY, container.id());
        meta.put(CONTAINER_NAME_KEY, container.name());
        return meta;
    }

    /**
     * {@code SERVICE_IGNORE}: true, 1 or yes ignores, false, 0 or no does not; registrator ignored a container for any
     * value, so any other is a warning and ignores it too.
     */
    private static boolean ignored(ContainerInfo container, Attributes attributes, List<String> warnings) {
        String value = attributes.value("IGNORE");
        if (value == null || Attributes.isNo(value)) {
            return false;
        }
        if (!Attributes.isYes(value)) {
            CheckMapper.warn(warnings, container, attributes.get("IGNORE"), "true or false",
                    "not registering it, as registrator ignored a container for any value");
        }
        return true;
    }
}
