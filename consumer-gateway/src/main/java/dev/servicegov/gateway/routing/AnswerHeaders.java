package dev.servicegov.gateway.routing;

import dev.servicegov.gateway.settings.GatewayProperties;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import org.springframework.cloud.client.ServiceInstance;

/** What the gateway adds to an instance's answer: the origin's Date, the served-by header, the sticky cookie. */
final class AnswerHeaders {

    private final GatewayProperties properties;

    AnswerHeaders(GatewayProperties properties) {
        this.properties = properties;
    }

    /** @param answer the instance's answer, whose headers Jetty's proxy has copied into {@code toClient} */
    void addTo(Response toClient, org.eclipse.jetty.client.Response answer, Request request, String service,
            ServiceInstance instance) {
        // Jetty's server put its own Date before the instance's was copied in: an answer carries one Date, and
        // a proxy passes on the origin's (RFC 9110, 6.6.1)
        String date = answer.getHeaders().get(HttpHeader.DATE);
        if (date != null) {
            toClient.getHeaders().put(HttpHeader.DATE, date);
        }
        toClient.getHeaders().put(properties.servedByHeader(), ServedBy.describe(instance));
        String cookieName = properties.stickyInstanceCookieOf(service);
        String setCookie = cookieName == null ? null
                : StickyInstanceCookie.setCookie(cookieName, instance, cookie(request, cookieName));
        if (setCookie != null) {
            toClient.getHeaders().add(HttpHeader.SET_COOKIE, setCookie);
        }
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
