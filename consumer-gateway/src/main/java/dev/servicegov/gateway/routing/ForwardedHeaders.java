package dev.servicegov.gateway.routing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;
import org.eclipse.jetty.util.URIUtil;

/**
 * The {@code X-Forwarded-*} headers a forwarded request carries, which instances read (Spring's
 * {@code ForwardedHeaderFilter}, Tomcat's {@code RemoteIpValve}): the caller's address, and the scheme, host, port and
 * path prefix it called. A trusted caller ({@code gateway.proxy.trusted-proxies}, itself a proxy) keeps what it sent:
 * its {@code X-Forwarded-For} and {@code X-Forwarded-Prefix} are appended to, the others left as they are, and a port
 * it did not send is the one its host and scheme imply. Any other caller's are replaced, so a client cannot pass
 * itself off as another; and its RFC 7239 {@code Forwarded} and {@code X-Forwarded-Ssl}, which Spring reads too (the
 * first even before these), are removed.
 */
public class ForwardedHeaders {

    static final String FOR = "X-Forwarded-For";
    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    static final String PORT = "X-Forwarded-Port";
    static final String PREFIX = "X-Forwarded-Prefix";
    /** Headers the gateway does not write, kept only from a trusted caller. */
    private static final List<String> ONLY_FROM_TRUSTED = List.of("Forwarded", "X-Forwarded-Ssl");

    /**
     * What the gateway saw of a call: who made it, and to which scheme, host (as sent) and port. An IPv6 address is
     * kept without the brackets Jetty writes it in ({@code [::1]}), as {@code X-Forwarded-For} carries it and as
     * {@code trusted-proxies} matches it.
     */
    public record Caller(String address, String scheme, String host, int port) {

        public Caller {
            if (address != null && address.startsWith("[") && address.endsWith("]")) {
                address = address.substring(1, address.length() - 1);
            }
        }

        /**
         * The caller of a request as Jetty's server read it, for plain requests and WebSocket upgrades alike: the
         * port is the {@code Host} header's, else the one the connection came in on.
         */
        static Caller of(Request request) {
            String scheme = request.getHttpURI().getScheme() != null ? request.getHttpURI().getScheme()
                    : request.isSecure() ? "https" : "http";
            return new Caller(Request.getRemoteAddr(request), scheme, request.getHeaders().get(HttpHeader.HOST),
                    Request.getServerPort(request));
        }
    }

    private final Pattern trustedProxies;

    public ForwardedHeaders(Pattern trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * @param sent the headers of the caller's request
     * @param prefix the path prefix the gateway removed ({@code /service})
     * @param forwarded the headers of the forwarded request, the caller's already copied in
     */
    public void add(Caller caller, HttpFields sent, String prefix, HttpFields.Mutable forwarded) {
        // most callers send none of these, and for them trust changes nothing: match the pattern only for the others
        boolean trusted = sentAny(sent) && trustedProxies.matcher(caller.address()).matches();
        appended(forwarded, FOR, trusted ? sent.get(FOR) : null, caller.address());
        appended(forwarded, PREFIX, trusted ? sent.get(PREFIX) : null, prefix);
        String proto = kept(forwarded, PROTO, trusted ? sent.get(PROTO) : null, caller.scheme());
        String host = kept(forwarded, HOST, trusted ? sent.get(HOST) : null, caller.host());
        kept(forwarded, PORT, trusted ? sent.get(PORT) : null, String.valueOf(portOf(host, proto, caller.port())));
        if (!trusted) {
            ONLY_FROM_TRUSTED.forEach(forwarded::remove);
        }
    }

    private static boolean sentAny(HttpFields sent) {
        return sent.contains(FOR) || sent.contains(PREFIX) || sent.contains(PROTO) || sent.contains(HOST)
                || sent.contains(PORT) || ONLY_FROM_TRUSTED.stream().anyMatch(sent::contains);
    }

    private static void appended(HttpFields.Mutable headers, String name, String earlier, String own) {
        headers.put(name, earlier == null || earlier.isBlank() ? own : earlier + ", " + own);
    }

    /** @return the value set, {@code null} when none is */
    private static String kept(HttpFields.Mutable headers, String name, String earlier, String own) {
        String value = earlier != null && !earlier.isBlank() ? earlier : own;
        if (value != null) {
            headers.put(name, value);
        } else {
            headers.remove(name);
        }
        return value;
    }

    /**
     * The port the client called, as the forwarded host and scheme tell it (those of the first proxy when a trusted
     * one sent lists): the host's port, else the scheme's default; the one the call came in on when neither tells.
     * So a TLS-terminating proxy that sends {@code X-Forwarded-Proto: https} and no port is described with 443, not
     * with the gateway's own port, which its {@code https} would turn into {@code https://host:80/} links.
     */
    private static int portOf(String host, String proto, int port) {
        int byScheme = proto == null ? -1 : URIUtil.getDefaultPortForScheme(firstOf(proto));
        int fallback = byScheme > 0 ? byScheme : port;
        return host == null ? fallback : HostPort.unsafe(firstOf(host)).getPort(fallback);
    }

    private static String firstOf(String list) {
        int comma = list.indexOf(',');
        return (comma < 0 ? list : list.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
    }
}
