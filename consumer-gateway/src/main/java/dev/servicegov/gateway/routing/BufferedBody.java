package dev.servicegov.gateway.routing;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request's body read into memory, so that a retry can send it again, up to a limit: reading stops as soon as the
 * body is known to be larger (its {@code Content-Length}, or the chunks that came so far), so no upload can fill the
 * gateway's memory.
 */
final class BufferedBody implements Runnable {

    /** The body is larger than the limit; the rest of it was left unread. */
    static final class TooLarge extends Exception {

        TooLarge(long limit) {
            super("request body over " + limit + " bytes", null, false, false);
        }
    }

    private static final int FIRST_CAPACITY = 16 * 1024;

    private final Content.Source source;
    private final int limit;
    private final CompletableFuture<ByteBuffer> whole = new CompletableFuture<>();
    private ByteBuffer buffer;

    private BufferedBody(Content.Source source, long length, int limit) {
        this.source = source;
        this.limit = limit;
        // never more than has come, however large the body says it is: a client that declares 10 MB and sends
        // nothing holds 16 KB, not 10 MB
        long first = Math.min(FIRST_CAPACITY, limit);
        this.buffer = ByteBuffer.allocate((int) (length >= 0 ? Math.min(length, first) : first));
    }

    /** Whether the request has a body to read: a length above 0, or chunks. */
    static boolean comesWith(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** The whole body, or {@link TooLarge} once it is known to be larger than {@code limit} bytes. */
    static CompletableFuture<ByteBuffer> read(Content.Source source, int limit) {
        long length = source.getLength();
        if (length > limit) {
            return CompletableFuture.failedFuture(new TooLarge(limit));
        }
        BufferedBody body = new BufferedBody(source, length, limit);
        body.run();
        return body.whole;
    }

    /** Reads what has come, and asks to be called again when there is more. */
    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                whole.completeExceptionally(chunk.getFailure());
                return;
            }
            boolean last = chunk.isLast();
            boolean fits = append(chunk.getByteBuffer());
            chunk.release();
            if (!fits) {
                whole.completeExceptionally(new TooLarge(limit));
                return;
            }
            if (last) {
                whole.complete(buffer.flip());
                return;
            }
        }
    }

    private boolean append(ByteBuffer content) {
        long needed = (long) buffer.position() + content.remaining();
        if (needed > limit) {
            return false;
        }
        if (needed > buffer.capacity()) {
            int capacity = (int) Math.min(limit, Math.max(needed, 2L * buffer.capacity()));
            buffer = ByteBuffer.allocate(capacity).put(buffer.flip());
        }
        buffer.put(content);
        return true;
    }
}
