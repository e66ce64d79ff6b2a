package dev.servicegov.gateway.routing;

import static dev.servicegov.gateway.error.Causes.hasCause;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to the client, noting whether writing it failed. Jetty's proxy aborts the instance's answer with the
 * failure of a write to the client (the client hung up, or reset its stream), so the try ends as failed although the
 * instance did nothing wrong: this tells the two apart. So does a client that stops reading: the gateway then stops
 * reading the instance's answer, whose connection times out.
 */
final class ClientResponse extends Response.Wrapper {

    private volatile boolean writeFailed;
    private volatile boolean writing;

    ClientResponse(Request request, Response wrapped) {
        super(request, wrapped);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
        writing = true;
        super.write(last, content, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                writing = false;
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                // noted before the callback passes the failure on to the instance's answer
                writeFailed = true;
                writing = false;
                super.failed(failure);
            }
        });
    }

    /**
     * Whether a try that failed with {@code failure} failed for the client: a write to it failed, or the instance's
     * answer timed out while the client had not yet taken its last part (the gateway reads no more of an answer than
     * the client takes, so a client that stops reading leaves the instance's connection idle).
     */
    boolean failedFor(Throwable failure) {
        return writeFailed || writing && hasCause(failure, TimeoutException.class);
    }
}
