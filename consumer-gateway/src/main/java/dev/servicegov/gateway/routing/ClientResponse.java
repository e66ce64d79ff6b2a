package dev.servicegov.gateway.routing;

import java.nio.ByteBuffer;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to the client, noting whether writing it failed. Jetty's proxy aborts the instance's answer with the
 * failure of a write to the client (the client hung up, or reset its stream), so the try ends as failed although the
 * instance did nothing wrong: this tells the two apart.
 */
final class ClientResponse extends Response.Wrapper {

    private volatile boolean writeFailed;

    ClientResponse(Request request, Response wrapped) {
        super(request, wrapped);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
        super.write(last, content, new Callback.Nested(callback) {
            @Override
            public void failed(Throwable failure) {
                // noted before the callback passes the failure on to the instance's answer
                writeFailed = true;
                super.failed(failure);
            }
        });
    }

    /** Whether a write to the client failed: the client is gone. */
    boolean writeFailed() {
        return writeFailed;
    }
}
