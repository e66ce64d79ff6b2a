package dev.servicegov.gateway.routing;

import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.ServiceNames;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The gateway's Jetty error handler: a request the server refuses before any route sees it (a malformed path,
 * headers past the size limit) gets {@code ErrorBody} JSON like every other error of the gateway, whatever its
 * method, instead of Jetty's HTML page.
 */
public class RefusedRequestAnswers extends ErrorHandler {

    private static final String BAD_REQUEST_LINE = "BAD";

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
        answers.writeUncounted(request, response, callback,
                classifier.refusedByServer(code, reasonOf(message, cause), serviceOf(request)), cause);
    }

    /** The first path segment; none when the request line could not be read (Jetty then names the method "BAD"). */
    private static String serviceOf(Request request) {
        boolean unread = BAD_REQUEST_LINE.equals(request.getMethod()) || request.getHttpURI() == null;
        return unread ? null : ServiceNames.fromPath(request.getHttpURI().getPath());
    }

    /** Jetty's reason, with the parser's own detail when the reason is a bare "Bad Request". */
    private static String reasonOf(String message, Throwable cause) {
        Throwable detail = cause != null ? cause.getCause() : null;
        return detail != null && detail.getMessage() != null ? message + " (" + detail.getMessage() + ")" : message;
    }
}
