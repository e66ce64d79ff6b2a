package dev.servicegov.gateway.routing;

import java.nio.charset.StandardCharsets;

import dev.servicegov.gateway.balancer.policy.StickyPolicy;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.ResponseCookie;
import org.springframework.web.util.UriUtils;

/**
 * The cookie a service that is sticky by instance cookie ({@code gateway.services.<name>.sticky-instance-cookie})
 * gets in a response: the id of the instance that answered ({@link StickyPolicy#instanceCookieValue}), for the path
 * {@code /<service>}, so the client's next requests go back to it.
 */
public final class StickyInstanceCookie {

    private StickyInstanceCookie() {
    }

    /**
     * @param cookieName the service's instance cookie, {@code null} when it has none
     * @param sent the value of that cookie in the request, {@code null} when absent
     * @return the {@code Set-Cookie} value, {@code null} when the client already names this instance or there is
     *     nothing to set
     */
    public static String setCookie(String cookieName, ServiceInstance answered, String sent) {
        if (cookieName == null || answered.getInstanceId() == null) {
            return null;
        }
        String value = StickyPolicy.instanceCookieValue(answered.getInstanceId());
        if (value.equals(sent)) {
            return null;
        }
        // the path as clients send it, percent-encoded, which is what browsers match a cookie's path against
        return ResponseCookie.from(cookieName, value).path("/" + UriUtils.encodePathSegment(answered.getServiceId(),
                StandardCharsets.UTF_8)).httpOnly(true).sameSite("Lax").build().toString();
    }
}
