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

    @Test
    void needsAnInstanceId() {
        assertThat(StickyInstanceCookie.setCookie("sc-instance", new DefaultServiceInstance(null, "cart", "h", 1, false),
                null)).isNull();
    }
}
