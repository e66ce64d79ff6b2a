package dev.servicegov.gateway.routing;

import java.util.Set;

import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.ServiceNames;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The gateway's Jetty error handler: a request the server refuses before any route sees it (a malformed path,
 * headers past the size limit), or fails itself (a body it could not read), gets {@code ErrorBody} JSON like every
 * other error of the gateway, whatever its method, instead of Jetty's HTML page.
 */
public class RefusedRequestAnswers extends ErrorHandler {

    /** The request Jetty makes up when it could not read the request line ({@code HttpConnection}, {@code HttpChannelState}). */
    private static final Set<String> MADE_UP_PATHS = Set.of("/badMessage", "/badRequest");

    private final ErrorClassifier classifier;
    private final ErrorAnswers answers;

    public RefusedRequestAnswers(ErrorClassifier classifier, ErrorAnswers answers) {
        this.classifier = classifier;
        this.answers = answers;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        answers.writeServerError(response, callback, classifier.refusedByServer(code, reasonOf(message, cause), serviceOf(request)));
    }

    /** The first path segment; none when the request line could not be read. */
    private static String serviceOf(Request request) {
        String path = request.getHttpURI().getPath();
        return MADE_UP_PATHS.contains(path) ? null : ServiceNames.fromPath(path);
    }

    /** Jetty's reason, with the HTTP parser's own detail when the reason is a bare "Bad Request". */
    private static String reasonOf(String message, Throwable cause) {
        Throwable detail = cause instanceof HttpException ? cause.getCause() : null;
        return detail != null && detail.getMessage() != null ? message + " (" + detail.getMessage() + ")" : message;
    }
}
