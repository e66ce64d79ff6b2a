package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private final ForwardedHeaders headers = new ForwardedHeaders(Pattern.compile("10\\..*"));

    /** The caller's headers, as the proxy copies them into the forwarded request before adding its own. */
    private static HttpFields.Mutable sent(String... namesAndValues) {
        HttpFields.Mutable fields = HttpFields.build();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    @Test
    void aDirectCallerIsDescribedAsTheGatewaySawIt() {
        HttpFields.Mutable forwarded = sent();

        headers.add(new ForwardedHeaders.Caller("192.0.2.7", "http", "gw.example:8080", 8080), sent(), "/web", forwarded);

        assertThat(forwarded.get("X-Forwarded-For")).isEqualTo("192.0.2.7");
        assertThat(forwarded.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(forwarded.get("X-Forwarded-Host")).isEqualTo("gw.example:8080");
        assertThat(forwarded.get("X-Forwarded-Port")).isEqualTo("8080");
        assertThat(forwarded.get("X-Forwarded-Prefix")).isEqualTo("/web");
    }

    /** Jetty writes a caller's IPv6 address in brackets; the default trusted proxies name {@code ::1} without. */
    @Test
    void anIpv6CallerIsNamedWithoutBracketsAndMatchedSo() {
        HttpFields.Mutable claimed = sent("X-Forwarded-For", "192.0.2.1");
        HttpFields.Mutable forwarded = HttpFields.build(claimed);

        new ForwardedHeaders(Pattern.compile("::1")).add(new ForwardedHeaders.Caller("[::1]", "http", "gw:8080", 8080),
                claimed, "/web", forwarded);

        assertThat(forwarded.get("X-Forwarded-For")).as("kept from a trusted proxy, then appended to")
                .isEqualTo("192.0.2.1, ::1");
    }

    @Test
    void anUntrustedCallersOwnHeadersAreReplaced() {
        HttpFields.Mutable claimed = sent("X-Forwarded-For", "1.2.3.4", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "bank.example", "X-Forwarded-Prefix", "/admin");
        HttpFields.Mutable forwarded = HttpFields.build(claimed);

        headers.add(new ForwardedHeaders.Caller("192.0.2.7", "http", "gw:8080", 8080), claimed, "/web", forwarded);

        assertThat(forwarded.getValuesList("X-Forwarded-For")).containsExactly("192.0.2.7");
        assertThat(forwarded.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(forwarded.get("X-Forwarded-Host")).isEqualTo("gw:8080");
        assertThat(forwarded.get("X-Forwarded-Prefix")).isEqualTo("/web");
    }

    @Test
    void anUntrustedCallersRfc7239ForwardedAndSslFlagAreRemoved() {
        HttpFields.Mutable claimed = sent("Forwarded", "for=10.0.0.1;proto=https;host=admin.internal", "X-Forwarded-Ssl", "on");
        HttpFields.Mutable forwarded = HttpFields.build(claimed);

        headers.add(new ForwardedHeaders.Caller("192.0.2.7", "http", "gw:8080", 8080), claimed, "/web", forwarded);

        assertThat(forwarded.contains("Forwarded")).as("Spring reads it before X-Forwarded-*").isFalse();
        assertThat(forwarded.contains("X-Forwarded-Ssl")).isFalse();
        assertThat(forwarded.get("X-Forwarded-For")).isEqualTo("192.0.2.7");

        HttpFields.Mutable fromAProxy = HttpFields.build(claimed);
        headers.add(new ForwardedHeaders.Caller("10.1.2.3", "http", "gw:8080", 8080), claimed, "/web", fromAProxy);
        assertThat(fromAProxy.get("Forwarded")).as("a trusted proxy's, kept").isEqualTo("for=10.0.0.1;proto=https;host=admin.internal");
    }

    @Test
    void aTrustedProxysHeadersAreKeptAndAppendedTo() {
        HttpFields.Mutable sent = sent("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "shop.example", "X-Forwarded-Port", "443", "X-Forwarded-Prefix", "/api");
        HttpFields.Mutable forwarded = HttpFields.build(sent);

        headers.add(new ForwardedHeaders.Caller("10.1.2.3", "http", "gateway:8080", 8080), sent, "/web", forwarded);

        assertThat(forwarded.get("X-Forwarded-For")).isEqualTo("203.0.113.9, 10.1.2.3");
        assertThat(forwarded.get("X-Forwarded-Prefix")).isEqualTo("/api, /web");
        assertThat(forwarded.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(forwarded.get("X-Forwarded-Host")).isEqualTo("shop.example");
        assertThat(forwarded.get("X-Forwarded-Port")).isEqualTo("443");
    }

    /**
     * nginx terminating TLS ({@code proxy_set_header Host $host; ... X-Forwarded-Proto $scheme}) sends no port: the
     * instance is told 443, not the gateway's port with {@code https}, from which Spring builds
     * {@code https://shop.example:80/} links and redirects.
     */
    @Test
    void aTrustedProxysSchemeOrHostWithoutPortTellsThePortTheyImply() {
        HttpFields.Mutable sent = sent("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https");
        HttpFields.Mutable forwarded = HttpFields.build(sent);
        headers.add(new ForwardedHeaders.Caller("10.1.2.3", "http", "shop.example", 80), sent, "/web", forwarded);
        assertThat(forwarded.get("X-Forwarded-Port")).isEqualTo("443");

        sent = sent("X-Forwarded-Proto", "https", "X-Forwarded-Host", "shop.example:8443, edge.internal");
        forwarded = HttpFields.build(sent);
        headers.add(new ForwardedHeaders.Caller("10.1.2.3", "http", "gateway:8080", 8080), sent, "/web", forwarded);
        assertThat(forwarded.get("X-Forwarded-Port")).as("the first proxy's host's").isEqualTo("8443");

        sent = sent("X-Forwarded-Host", "shop.example");
        forwarded = HttpFields.build(sent);
        headers.add(new ForwardedHeaders.Caller("10.1.2.3", "http", "gateway:8080", 8080), sent, "/web", forwarded);
        assertThat(forwarded.get("X-Forwarded-Port")).as("http's, not the gateway's").isEqualTo("80");
    }

    @Test
    void aCallWithoutHostHeaderForwardsNone() {
        HttpFields.Mutable claimed = sent("X-Forwarded-Host", "claimed");
        HttpFields.Mutable forwarded = HttpFields.build(claimed);

        headers.add(new ForwardedHeaders.Caller("192.0.2.7", "http", null, 8080), claimed, "/web", forwarded);

        assertThat(forwarded.get("X-Forwarded-Host")).isNull();
    }
}
