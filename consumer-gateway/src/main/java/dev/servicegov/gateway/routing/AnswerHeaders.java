package dev.servicegov.gateway.routing;

import java.util.function.Function;

import dev.servicegov.gateway.settings.GatewayProperties;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import org.springframework.cloud.client.ServiceInstance;

/**
 * What the gateway makes of an instance's answer's headers: the origin's Date, the served-by header, the sticky cookie
 * (a WebSocket's 101 gets the last two as well, {@link #stickyInstanceCookie} from here), and no header the answer's
 * {@code Connection} names.
 */
final class AnswerHeaders {

    private final GatewayProperties properties;

    AnswerHeaders(GatewayProperties properties) {
        this.properties = properties;
    }

    /** @param answer the instance's answer, whose headers Jetty's proxy has copied into {@code toClient} */
    void addTo(Response toClient, org.eclipse.jetty.client.Response answer, Request request, String service,
            ServiceInstance instance) {
        // Jetty's proxy leaves out the hop-by-hop headers it knows, not those the instance's Connection names
        // (RFC 9110, 7.6.1), as it does on the way in
        answer.getHeaders().getCSV(HttpHeader.CONNECTION, false)
                .forEach(connectionOption -> toClient.getHeaders().remove(connectionOption));
        // Jetty's server put its own Date before the instance's was copied in: an answer carries one Date, and
        // a proxy passes on the origin's (RFC 9110, 6.6.1)
        String date = answer.getHeaders().get(HttpHeader.DATE);
        if (date != null) {
            toClient.getHeaders().put(HttpHeader.DATE, date);
        }
        toClient.getHeaders().put(properties.servedByHeader(), ServedBy.describe(instance));
        String setCookie = stickyInstanceCookie(service, instance, name -> cookie(request, name));
        if (setCookie != null) {
            toClient.getHeaders().add(HttpHeader.SET_COOKIE, setCookie);
        }
    }

    /**
     * The {@code Set-Cookie} value of a service with a sticky-instance cookie that the request does not carry with
     * this instance already; {@code null} otherwise.
     *
     * @param sentCookie a cookie's value in the request by its name, {@code null} when it has none
     */
    String stickyInstanceCookie(String service, ServiceInstance instance, Function<String, String> sentCookie) {
        String cookieName = properties.stickyInstanceCookieOf(service);
        return cookieName == null ? null : StickyInstanceCookie.setCookie(cookieName, instance, sentCookie.apply(cookieName));
    }

    private static String cookie(Request request, String name) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
