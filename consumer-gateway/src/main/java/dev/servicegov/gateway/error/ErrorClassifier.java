package dev.servicegov.gateway.error;

import static dev.servicegov.gateway.error.Causes.hasCause;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import dev.servicegov.gateway.catalog.InstanceView;
import dev.servicegov.gateway.consul.CatalogPresence;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns a failure into the gateway's answer. The choices:
 * <ul>
 * <li>404: the path names a service Consul's catalog does not have (Consul said so);</li>
 * <li>404: the path names a service the gateway is set not to route ({@code gateway.hidden-services});</li>
 * <li>503: Consul knows the service but none of its instances has all checks passing;</li>
 * <li>503: Consul's catalog lost the service a moment ago, with its last instance
 * ({@code gateway.watch.departed-service-memory});</li>
 * <li>503: the path names no service the gateway knows, and Consul cannot be asked whether it has it;</li>
 * <li>502: the chosen instance could not be reached (refused, reset, closed early) and no try was left; the hint says
 * so when every instance tried was a UDP port's;</li>
 * <li>504: the chosen instance did not answer in time and no try was left;</li>
 * <li>503: the gateway's queue of requests waiting for a connection to the chosen instance was full;</li>
 * <li>an instance's own 4xx to a WebSocket handshake keeps its status (502 for an answer that is no error);</li>
 * <li>400 for a caller's WebSocket handshake that lacks what RFC 6455 asks, 426 for one of another version;</li>
 * <li>other framework statuses (405, 400, ...) keep their status; anything else is a 500 without details;</li>
 * <li>a request the HTTP server refused or could not read (malformed, headers too large) keeps the server's
 * status, with its reason in the hint.</li>
 * </ul>
 */
public class ErrorClassifier {

    /** The tag registrator-agent (as gliderlabs/registrator) gives the service of a UDP port. */
    private static final String UDP_TAG = "udp";

    /** Whether {@link #classify} needs to know if Consul's catalog has the service: only when nothing answered the path. */
    public boolean needsCatalogLookup(Throwable error) {
        return isNoRoute(error);
    }

    /** A failure of the gateway's own endpoints, or a path that names no routable service. */
    public GatewayError classify(Throwable error, String service, CatalogPresence presence) {
        return classify(error, service, presence, null);
    }

    /**
     * As {@link #classify(Throwable, String, CatalogPresence)}, for a service Consul lacks under that name but has
     * under {@code sameInAnotherCase} (routes are case-sensitive), which the hint then suggests.
     */
    public GatewayError classify(Throwable error, String service, CatalogPresence presence,
            String sameInAnotherCase) {
        if (error instanceof DecidedAnswer decided) {
            return decided.answer();
        }
        if (isNoRoute(error)) {
            return noRoute(service, presence, sameInAnotherCase);
        }
        if (error instanceof ResponseStatusException statusError) {
            HttpStatusCode status = statusError.getStatusCode();
            String reason = statusError.getReason() != null ? statusError.getReason() : describe(status);
            return GatewayError.of(status, reason, service, "see the gateway's log for details");
        }
        return GatewayError.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal gateway error", service,
                "see the gateway's log for details");
    }

    private GatewayError noRoute(String service, CatalogPresence presence, String sameInAnotherCase) {
        if (service == null) {
            return GatewayError.of(HttpStatus.NOT_FOUND, "no service named in the path", null,
                    "call /{service}/{path} with the name a service has in Consul; GET /services lists them");
        }
        return switch (presence) {
            case LISTED -> noHealthyInstance(service);
            case DEPARTED -> GatewayError.of(HttpStatus.SERVICE_UNAVAILABLE, "no healthy instance", service,
                    "Consul listed '" + service + "' until a moment ago, when its last instance left; its instances"
                            + " may be restarting or being replaced; GET /services shows the healthy ones");
            case HIDDEN -> GatewayError.of(HttpStatus.NOT_FOUND, "service not routed", service, "'" + service
                    + "' is in gateway.hidden-services (GATEWAY_HIDDEN_SERVICES), which the gateway neither routes nor"
                    + " lists" + (service.equals("consul") ? "; it is by default, as Consul's own servers: their catalog"
                            + " port is Consul's RPC port, which speaks no HTTP" : ""));
            case CONSUL_UNREACHABLE -> GatewayError.of(HttpStatus.SERVICE_UNAVAILABLE, "Consul unreachable", service,
                    "Consul is unreachable, so whether its catalog has '" + service + "' is not known;"
                            + " try again once it answers (GET /actuator/health shows Consul's state)");
            case NOT_LISTED -> GatewayError.of(HttpStatus.NOT_FOUND, "unknown service", service,
                    "Consul's catalog has no service named '" + service + "'" + (sameInAnotherCase != null
                            ? "; did you mean '" + sameInAnotherCase + "'? (service names are case-sensitive)" : "")
                            + "; GET /services lists the known ones");
        };
    }

    /**
     * A try at an instance failed and no other try is left: 504 after a timeout, 503 when it could not even wait for a
     * connection, else 502.
     *
     * @param tried the instances the request was tried on
     */
    public GatewayError upstreamFailure(Throwable error, String service, List<ServiceInstance> tried) {
        if (hasCause(error, TimeoutException.class)) {
            return GatewayError.of(HttpStatus.GATEWAY_TIMEOUT, "the chosen instance did not answer in time", service,
                    "the instance may be overloaded or hung; its health check decides whether it stays in rotation");
        }
        if (hasCause(error, RejectedExecutionException.class)) {
            return GatewayError.of(HttpStatus.SERVICE_UNAVAILABLE, "too many requests waiting for the chosen instance",
                    service, "all of gateway.proxy.max-connections-per-instance connections to it were busy and 1024"
                            + " requests already waited for one; raise the setting, or run more instances");
        }
        if (!tried.isEmpty() && tried.stream().allMatch(instance -> InstanceView.tagsOf(instance).contains(UDP_TAG))) {
            return GatewayError.of(HttpStatus.BAD_GATEWAY, "the chosen instance could not be reached", service, "'"
                    + service + "' is registered for UDP (tag '" + UDP_TAG + "', as registrator-agent tags a UDP port's"
                    + " service): the gateway carries HTTP, over TCP only");
        }
        return GatewayError.of(HttpStatus.BAD_GATEWAY, "the chosen instance could not be reached", service,
                "the instance may have just stopped; it is put aside for a few seconds and leaves rotation once its Consul check fails");
    }

    /** A path under one of the gateway's own endpoints ({@code /actuator/typo}) that nothing answers. */
    public GatewayError noSuchEndpoint(String path) {
        return GatewayError.of(HttpStatus.NOT_FOUND, "no such endpoint of the gateway", null,
                "'" + path + "' is under one of the gateway's own paths, not a service's; its endpoints are /, /services,"
                        + " /services/status, /actuator/health and /actuator/prometheus, and /{service}/{path} calls a service");
    }

    /**
     * A request the gateway's HTTP server refused or could not read (400 for a malformed request, 431 or 414 for one
     * past the header size limit), or a failure nothing else answered (5xx, without details).
     *
     * @param reason the server's reason, such as "Bad URI encoding"
     */
    public GatewayError refusedByServer(int code, String reason, String service) {
        HttpStatusCode status = HttpStatusCode.valueOf(code);
        if (status.is5xxServerError()) {
            return GatewayError.of(status, describe(status), service, "see the gateway's log for details");
        }
        if (code == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value() || code == HttpStatus.URI_TOO_LONG.value()) {
            return GatewayError.of(status, describe(status), service, reason + ": the gateway takes a request line and"
                    + " headers up to server.max-http-request-header-size (SERVER_MAX_HTTP_REQUEST_HEADER_SIZE)");
        }
        return GatewayError.of(status, describe(status), service, reason + ": the gateway could not read the request,"
                + " which went to no instance; check its path's percent-encoding, its headers and its body's framing");
    }

    /** An instance answered the WebSocket handshake with {@code status}, not 101: its own refusal, or 502. */
    public GatewayError webSocketRefused(int status, String service) {
        HttpStatusCode passed = status >= 400 ? HttpStatusCode.valueOf(status) : HttpStatus.BAD_GATEWAY;
        return GatewayError.of(passed, "the instance refused the WebSocket (" + status + ")", service, status >= 400
                ? "the instance's own answer to the WebSocket handshake; see its log"
                : "the instance answered the handshake as no WebSocket server does: is the path a WebSocket endpoint?");
    }

    /**
     * A caller's WebSocket handshake that no server could accept (RFC 6455, 4.2.1), refused before any instance sees it.
     *
     * @param whatIsWrong what the handshake lacks, such as "no Sec-WebSocket-Key header"
     */
    public GatewayError badWebSocketHandshake(String service, String whatIsWrong) {
        return GatewayError.of(HttpStatus.BAD_REQUEST, "bad WebSocket handshake", service, whatIsWrong + "; a WebSocket"
                + " upgrade is a GET with Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Version: 13 and a"
                + " Sec-WebSocket-Key (RFC 6455)");
    }

    /** A caller's WebSocket handshake asking for a version other than RFC 6455's 13 (answered with 426, RFC 6455 4.4). */
    public GatewayError unsupportedWebSocketVersion(String service, String asked) {
        String shown = asked.length() > 16 ? asked.substring(0, 16) + "..." : asked;
        return GatewayError.of(HttpStatus.UPGRADE_REQUIRED, "unsupported WebSocket version", service, "the handshake asked"
                + " for version '" + shown + "'; the gateway speaks version 13 (RFC 6455), as its Sec-WebSocket-Version"
                + " answer header says");
    }

    public GatewayError noHealthyInstance(String service) {
        return GatewayError.of(HttpStatus.SERVICE_UNAVAILABLE, "no healthy instance", service,
                "Consul knows '" + service + "' but none of its instances has all checks passing;"
                        + " GET /services shows the healthy ones");
    }

    /** Nothing answered the path: a plain 404 from the framework. */
    private static boolean isNoRoute(Throwable error) {
        return statusOf(error) == HttpStatus.NOT_FOUND.value();
    }

    private static int statusOf(Throwable error) {
        return error instanceof ResponseStatusException statusError ? statusError.getStatusCode().value() : -1;
    }

    private static String describe(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase().toLowerCase(java.util.Locale.ROOT) : "error " + status.value();
    }
}
