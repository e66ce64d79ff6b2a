package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class StickyInstanceCookieTest {

    private final ServiceInstance answered = new DefaultServiceInstance("cart-2", "cart", "10.0.0.6", 8080, false);

    @Test
    void namesTheInstanceThatAnsweredForTheServicesPath() {
        assertThat(StickyInstanceCookie.setCookie("sc-instance", answered, null))
                .startsWith("sc-instance=cart-2").contains("Path=/cart").contains("HttpOnly").contains("SameSite=Lax");
        assertThat(StickyInstanceCookie.setCookie("sc-instance", answered, "cart-1")).startsWith("sc-instance=cart-2");
    }

    @Test
    void isNotSetAgainWhenTheClientAlreadyNamesThatInstance() {
        assertThat(StickyInstanceCookie.setCookie("sc-instance", answered, "cart-2")).isNull();
    }

    /** A space, a quote or a semicolon cannot be in a cookie value; a service name may need encoding in a path. */
    @Test
    void anIdOrServiceNameACookieCannotCarryAsItIsIsEncoded() {
        ServiceInstance odd = new DefaultServiceInstance("my api \"1\";x%", "my api", "10.0.0.6", 8080, false);

        String setCookie = StickyInstanceCookie.setCookie("sc", odd, null);

        assertThat(setCookie).startsWith("sc=my%20api%20%221%22%3Bx%25;").contains("Path=/my%20api");
        assertThat(StickyInstanceCookie.setCookie("sc", odd, "my%20api%20%221%22%3Bx%25")).as("already named").isNull();
    }

    @Test
    void needsAnInstanceId() {
        assertThat(StickyInstanceCookie.setCookie("sc-instance", new DefaultServiceInstance(null, "cart", "h", 1, false),
                null)).isNull();
    }
}
