package dev.servicegov.gateway.error;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** The answer to a routed request whose body is larger than the gateway holds in memory: 413. */
public final class BodyTooLarge {

    private static final long MEGABYTE = DataSize.ofMegabytes(1).toBytes();
    private static final long KILOBYTE = DataSize.ofKilobytes(1).toBytes();

    private BodyTooLarge() {
    }

    public static GatewayError answer(String service, DataSize limit) {
        return GatewayError.of(HttpStatus.CONTENT_TOO_LARGE, "request body too large", service,
                "the gateway holds a request's body in memory, to send it again on a retry, up to "
                        + "gateway.proxy.max-buffered-body (" + describe(limit) + "): send a smaller body, "
                        + "or raise the setting");
    }

    /** As it would be configured: {@code 10MB}, {@code 512KB}, {@code 1000B}. */
    static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes > 0 && bytes % MEGABYTE == 0) {
            return bytes / MEGABYTE + "MB";
        }
        return bytes > 0 && bytes % KILOBYTE == 0 ? bytes / KILOBYTE + "KB" : bytes + "B";
    }
}
