package dev.servicegov.gateway.routing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import dev.servicegov.gateway.balancer.InstanceChooser;
import dev.servicegov.gateway.consul.CatalogPresence;
import dev.servicegov.gateway.error.BodyTooLarge;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.GatewayError;
import dev.servicegov.gateway.error.ServiceNames;
import dev.servicegov.gateway.observe.UpstreamTries;
import dev.servicegov.gateway.settings.GatewayProperties;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Forwards {@code /{service}/**} to one healthy instance of the service, without the prefix, on Jetty's reverse
 * proxy handler: headers (less hop-by-hop ones), query and body go as they came, the answer streams back with
 * {@code X-Served-By} naming the instance.
 * <p>
 * Each try asks the service's load balancer for an instance (its policy over the passing instances, less those put
 * aside). A try that fails, or answers 502/503/504, is tried again on an instance the request has not tried, as
 * {@link RetryRules} allow and while there is one ({@link RetryTargets});
 * the body of a request is held in memory so that it can be sent again ({@link BufferedBody}, up to
 * {@code gateway.proxy.max-buffered-body}, 413 above). When no try is left, or none could be made, the gateway
 * answers {@code ErrorBody} JSON: 503 without a healthy instance, 502 or 504 after a failed try. Paths that name no
 * service of Consul's catalog are left to the gateway's own endpoints, WebSocket upgrades to {@link WebSocketRoutes}.
 */
public class ServiceProxy extends ProxyHandler {

    private static final String CHOSEN_INSTANCE = ServiceProxy.class.getName() + ".instance";
    private static final String REQUEST_PATH = ServiceProxy.class.getName() + ".path";
    private static final String ROUTED = ServiceProxy.class.getName() + ".routed";
    /**
     * How long the proxy's client keeps what it holds for an instance's address (its connection pool) once it has no
     * connection and no request: Jetty keeps it for good by default, and each redeployment's instances come with
     * addresses of their own.
     */
    static final Duration DESTINATION_IDLE_TIMEOUT = Duration.ofMinutes(1);

    private final Predicate<String> routable;
    private final InstanceChooser chooser;
    private final UpstreamTries tries;
    private final RetryRules retryRules;
    private final RetryTargets retryTargets;
    private final ForwardedHeaders forwardedHeaders;
    private final ErrorClassifier classifier;
    private final ErrorAnswers errors;
    private final AnswerHeaders answerHeaders;
    private final GatewayProperties properties;

    public ServiceProxy(Predicate<String> routable, InstanceChooser chooser, RetryTargets retryTargets, UpstreamTries tries,
            ForwardedHeaders forwardedHeaders, ErrorClassifier classifier, ErrorAnswers errors,
            GatewayProperties properties) {
        this.routable = routable;
        this.chooser = chooser;
        this.tries = tries;
        this.retryRules = new RetryRules(properties::retriesOf);
        this.retryTargets = retryTargets;
        this.forwardedHeaders = forwardedHeaders;
        this.classifier = classifier;
        this.errors = errors;
        this.answerHeaders = new AnswerHeaders(properties);
        this.properties = properties;
        // the calls to instances run on the server's threads, not on a second pool competing for the same cores
        setUseServerThreadPool(true);
    }

    @Override
    protected void configureHttpClient(HttpClient httpClient) {
        super.configureHttpClient(httpClient);
        httpClient.setConnectTimeout(properties.proxy().connectTimeout().toMillis());
        httpClient.setMaxConnectionsPerDestination(properties.proxy().maxConnectionsPerInstance());
        httpClient.setDestinationIdleTimeout(DESTINATION_IDLE_TIMEOUT.toMillis());
        httpClient.setUserAgentField(null);
        // a body goes with the Content-Type its caller gave it, or none: not Jetty's application/octet-stream
        httpClient.setDefaultRequestContentType(null);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ServiceNames.RequestPath path = ServiceNames.parse(request.getHttpURI().getPath());
        if (path.service() == null || !routable.test(path.service()) || WebSocketRoutes.isUpgrade(request)) {
            return false;
        }
        request.setAttribute(REQUEST_PATH, path);
        Routed routed = new Routed(path.service(), request, response, callback);
        if (BufferedBody.comesWith(request)) {
            BufferedBody.read(request, properties.proxy().maxBufferedBodyBytes()).whenComplete((body, failure) -> {
                if (failure instanceof BufferedBody.TooLarge) {
                    refuseBody(routed);
                } else if (failure != null) {
                    callback.failed(failure);
                } else {
                    routed.body = body;
                    tryOnce(routed);
                }
            });
        } else {
            tryOnce(routed);
        }
        return true;
    }

    private void tryOnce(Routed routed) {
        chooser.choose(routed.service, routed.headers(), () -> JettyRequestData.of(routed.request), routed.tried)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .subscribe(chosen -> chosen.ifPresentOrElse(instance -> send(routed, instance),
                                () -> answer(routed, classifier.noHealthyInstance(routed.service), null)),
                        failure -> answer(routed, classifier.classify(failure, routed.service, CatalogPresence.LISTED),
                                failure));
    }

    private void send(Routed routed, ServiceInstance instance) {
        Request request = routed.request;
        request.setAttribute(CHOSEN_INSTANCE, instance);
        org.eclipse.jetty.client.Request toInstance = newProxyToServerRequest(request, rewriteHttpURI(request))
                .attribute(ROUTED, routed);
        copyRequestHeaders(request, toInstance);
        addProxyHeaders(request, toInstance);
        if (routed.body != null) {
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            toInstance.body(new ByteBufferRequestContent(contentType, routed.body.slice()));
        }
        AnswerTimeout.apply(toInstance, getHttpClient().getScheduler(), properties.responseTimeoutOf(routed.service));
        routed.tried.add(instance);
        ClientResponse toClient = new ClientResponse(request, routed.response);
        TryListener listener = new TryListener(routed, toClient, instance, toInstance,
                tries.started(instance, routed.tried.size() > 1));
        toInstance.onRequestCommit(committed -> listener.reached = true);
        toInstance.send(listener);
    }

    /** The chosen instance, the path without the service's prefix, the query as it came ({@link QueryEncoding}). */
    @Override
    protected HttpURI rewriteHttpURI(Request request) {
        ServiceInstance instance = (ServiceInstance) request.getAttribute(CHOSEN_INSTANCE);
        return HttpURI.build(request.getHttpURI())
                .scheme(instance.isSecure() ? "https" : "http")
                .host(instance.getHost())
                .port(instance.getPort())
                .path(requestPath(request).rest())
                .query(QueryEncoding.forUri(request.getHttpURI().getQuery()))
                .asImmutable();
    }

    private static ServiceNames.RequestPath requestPath(Request request) {
        return (ServiceNames.RequestPath) request.getAttribute(REQUEST_PATH);
    }

    /** The instance gets its own Host; the body is sent in full, so the caller's {@code Expect} is answered here. */
    @Override
    protected void copyRequestHeaders(Request request, org.eclipse.jetty.client.Request toInstance) {
        super.copyRequestHeaders(request, toInstance);
        toInstance.headers(headers -> headers.remove(HttpHeader.HOST).remove(HttpHeader.EXPECT));
    }

    /** {@code X-Forwarded-*} only (no {@code Via}, no RFC 7239 {@code Forwarded}). */
    @Override
    protected void addProxyHeaders(Request request, org.eclipse.jetty.client.Request toInstance) {
        String prefix = requestPath(request).prefix();
        toInstance.headers(headers -> forwardedHeaders.add(ForwardedHeaders.Caller.of(request), request.getHeaders(),
                prefix, headers));
    }

    /** An instance's 102 goes to the caller, as its 103 (Jetty's proxy finds the caller by a handle of its own). */
    @Override
    protected void onServerToProxyResponse102Processing(Request unset, org.eclipse.jetty.client.Request toInstance,
            HttpFields headers, Response unsetToo) {
        ((Routed) toInstance.getAttributes().get(ROUTED)).passOnInterim(HttpStatus.PROCESSING_102, headers);
    }

    /** An instance's 103 Early Hints go to the caller, so that a browser can start loading what they name. */
    @Override
    protected void onServerToProxyResponse103EarlyHints(Request unset, org.eclipse.jetty.client.Request toInstance,
            HttpFields headers, Response unsetToo) {
        ((Routed) toInstance.getAttributes().get(ROUTED)).passOnInterim(HttpStatus.EARLY_HINTS_103, headers);
    }

    private void retry(Routed routed) {
        routed.response.reset();
        tryOnce(routed);
    }

    private void answer(Routed routed, GatewayError answer, Throwable cause) {
        routed.response.reset();
        errors.write(routed.request, routed.response, routed.callback, answer, cause);
    }

    private void refuseBody(Routed routed) {
        // the rest of the body is left unread, so the connection cannot carry another request
        routed.response.getHeaders().put(HttpHeader.CONNECTION, "close");
        GatewayError answer = BodyTooLarge.answer(routed.service, properties.proxy().maxBufferedBody());
        errors.write(routed.request, routed.response, routed.callback, answer, null);
    }

    /**
     * One try at an instance. An answer that will be tried again is read and dropped, never passed on; any other
     * answer streams to the caller through Jetty's listener, with the served-by header and the sticky cookie added.
     * A try that failed because the client hung up, or stopped reading, is neither the instance's fault nor tried
     * again.
     */
    private final class TryListener extends ProxyResponseListener {

        private final Routed routed;
        private final ClientResponse toClient;
        private final ServiceInstance instance;
        private final UpstreamTries.Try attempt;
        private volatile boolean reached;
        private boolean discarded;

        TryListener(Routed routed, ClientResponse toClient, ServiceInstance instance,
                org.eclipse.jetty.client.Request toInstance, UpstreamTries.Try attempt) {
            super(routed.request, toInstance, toClient, routed.callback);
            this.routed = routed;
            this.toClient = toClient;
            this.instance = instance;
            this.attempt = attempt;
        }

        @Override
        public void onBegin(org.eclipse.jetty.client.Response answer) {
            discarded = retryRules.afterAnswer(routed.service, routed.request.getMethod(), answer.getStatus(),
                    routed.tried.size()) && retryTargets.anyUntried(routed.service, routed.headers(), routed.tried);
            if (!discarded) {
                super.onBegin(answer);
            }
        }

        @Override
        public void onHeaders(org.eclipse.jetty.client.Response answer) {
            if (discarded) {
                return;
            }
            super.onHeaders(answer);
            answerHeaders.addTo(routed.response, answer, routed.request, routed.service, instance);
        }

        @Override
        public void onContent(org.eclipse.jetty.client.Response answer, Content.Chunk chunk, Runnable demander) {
            if (discarded) {
                demander.run();
            } else {
                super.onContent(answer, chunk, demander);
            }
        }

        @Override
        public void onSuccess(org.eclipse.jetty.client.Response answer) {
            if (!discarded) {
                super.onSuccess(answer);
            }
        }

        @Override
        public void onComplete(Result result) {
            Throwable failure = result.getFailure();
            if (discarded) {
                tries.answered(attempt, result.getResponse().getStatus());
                retry(routed);
            } else if (failure == null) {
                tries.answered(attempt, result.getResponse().getStatus());
                super.onComplete(result);
            } else if (toClient.failedFor(failure)) {
                tries.clientClosed(attempt, failure);
                routed.callback.failed(failure);
            } else {
                tries.failed(attempt, failure);
                tryFailed(failure);
            }
        }

        private void tryFailed(Throwable failure) {
            if (routed.response.isCommitted()) {
                routed.callback.failed(failure);
            } else if (retryRules.afterFailure(routed.service, routed.request.getMethod(), failure, routed.tried.size(),
                    reached) && retryTargets.anyUntried(routed.service, routed.headers(), routed.tried)) {
                retry(routed);
            } else {
                answer(routed, classifier.upstreamFailure(failure, routed.service, routed.tried), failure);
            }
        }
    }
}
