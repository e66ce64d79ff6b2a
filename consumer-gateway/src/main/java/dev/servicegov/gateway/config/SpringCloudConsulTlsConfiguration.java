package dev.servicegov.gateway.config;

import java.nio.charset.StandardCharsets;

import dev.servicegov.gateway.consul.ConsulTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.cloud.consul.ConsulAutoConfiguration;
import org.springframework.cloud.consul.ConsulClient;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.util.DefaultUriBuilderFactory;

/**
 * Spring Cloud Consul's own client over the SSL bundle {@code gateway.consul-ssl-bundle} names, the one the gateway's
 * watches use. Its {@code spring.cloud.consul.tls.*} settings cannot take a PEM CA: they want a key store with a client
 * certificate and a JKS trust store, which Consul (no client certificates asked) and the overlay's init container
 * (no keytool) have no use for. Built the way {@link ConsulAutoConfiguration} builds it, with the bundle added; its
 * {@code @ConditionalOnMissingBean} then steps aside.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("gateway.consul-ssl-bundle")
public class SpringCloudConsulTlsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ConsulAutoConfiguration.class);

    @Bean
    ConsulClient springCloudConsulClient(ConsulProperties consul, ConsulTrust trust) {
        DefaultUriBuilderFactory uris = new DefaultUriBuilderFactory(ConsulAutoConfiguration.createConsulClientBaseUrl(consul));
        uris.setEncodingMode(DefaultUriBuilderFactory.EncodingMode.NONE);
        RestClient rest = RestClient.builder()
                // as Spring Cloud Consul: a 4xx is an answer its callers read, a 5xx is logged
                .defaultStatusHandler(HttpStatusCode::is4xxClientError, (request, response) -> { })
                .defaultStatusHandler(HttpStatusCode::is5xxServerError, (request, response) ->
                        LOG.error(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)))
                .uriBuilderFactory(uris)
                .requestFactory(ClientHttpRequestFactoryBuilder.detect().build(trust.settings()))
                .build();
        return ConsulAutoConfiguration.createNewConsulClient(RestClientAdapter.create(rest));
    }
}
