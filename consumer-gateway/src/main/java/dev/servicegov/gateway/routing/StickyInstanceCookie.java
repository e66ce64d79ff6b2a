package dev.servicegov.gateway.routing;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.ResponseCookie;

/**
 * The cookie a service that is sticky by instance cookie ({@code gateway.services.<name>.sticky-instance-cookie})
 * gets in a response: the id of the instance that answered, for the path {@code /<service>}, so the client's next
 * requests go back to it.
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
        if (cookieName == null || answered.getInstanceId() == null || answered.getInstanceId().equals(sent)) {
            return null;
        }
        return ResponseCookie.from(cookieName, answered.getInstanceId())
                .path("/" + answered.getServiceId()).httpOnly(true).sameSite("Lax").build().toString();
    }
}
