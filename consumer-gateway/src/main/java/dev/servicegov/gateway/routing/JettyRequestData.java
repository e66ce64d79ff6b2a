package dev.servicegov.gateway.routing;

import java.net.URI;
import java.util.Map;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** A Jetty request as Spring Cloud LoadBalancer's {@link RequestData}: method, URI, headers and cookies. */
final class JettyRequestData {

    private JettyRequestData() {
    }

    static RequestData of(Request request) {
        HttpHeaders headers = new HttpHeaders();
        for (HttpField field : request.getHeaders()) {
            headers.add(field.getName(), field.getValue());
        }
        MultiValueMap<String, String> cookies = new LinkedMultiValueMap<>();
        for (HttpCookie cookie : Request.getCookies(request)) {
            cookies.add(cookie.getName(), cookie.getValue());
        }
        URI uri = HttpURI.build(request.getHttpURI()).query(QueryEncoding.forUri(request.getHttpURI().getQuery())).toURI();
        return new RequestData(HttpMethod.valueOf(request.getMethod()), uri, headers, cookies, Map.of());
    }
}
