package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.AsyncContent;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.Test;

class BufferedBodyTest {

    @Test
    void aBodyUpToTheLimitIsReadWhole() throws Exception {
        AsyncContent chunked = new AsyncContent();
        CompletableFuture<ByteBuffer> body = BufferedBody.read(chunked, 6);

        chunked.write(false, bytes("abc"), Callback.NOOP);
        assertThat(body).isNotDone();
        chunked.write(true, bytes("def"), Callback.NOOP);

        assertThat(StandardCharsets.UTF_8.decode(body.get()).toString()).isEqualTo("abcdef");
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitIsRefusedAndReadNoFurther() {
        AsyncContent chunked = new AsyncContent();
        CompletableFuture<ByteBuffer> body = BufferedBody.read(chunked, 5);

        chunked.write(false, bytes("abc"), Callback.NOOP);
        chunked.write(false, bytes("def"), Callback.NOOP);
        FutureCallback afterTheLimit = new FutureCallback();
        chunked.write(true, bytes("ghi"), afterTheLimit);

        assertThat(body).failsWithin(java.time.Duration.ZERO)
                .withThrowableThat().havingCause().isInstanceOf(BufferedBody.TooLarge.class);
        assertThat(afterTheLimit.isDone()).as("the chunk after the limit was read").isFalse();
    }

    @Test
    void aContentLengthOverTheLimitIsRefusedWithoutReading() {
        Content.Source declared = Content.Source.from(bytes("abcdef"));

        CompletableFuture<ByteBuffer> body = BufferedBody.read(declared, 5);

        assertThat(body).failsWithin(java.time.Duration.ZERO)
                .withThrowableThat().havingCause().isInstanceOf(BufferedBody.TooLarge.class);
        Content.Chunk unread = declared.read();
        assertThat(unread.remaining()).as("bytes left unread").isEqualTo(6);
        unread.release();
    }

    @Test
    void anEmptyChunkedBodyIsEmpty() throws Exception {
        AsyncContent chunked = new AsyncContent();
        CompletableFuture<ByteBuffer> body = BufferedBody.read(chunked, 5);

        chunked.close();

        assertThat(body.get().remaining()).isZero();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
