package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What the caller's WebSocket received, one entry per message ({@code text:...}, {@code binary:<size>}) or close. */
final class WebSocketMessages implements WebSocket.Listener {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private long binaryBytes;

    String next() throws InterruptedException {
        String next = received.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("a message within 10 s").isNotNull();
        return next;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add("text:" + text);
            text.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        binaryBytes += data.remaining();
        if (last) {
            received.add("binary:" + binaryBytes);
            binaryBytes = 0;
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        received.add("close:" + statusCode);
        return null;
    }
}
