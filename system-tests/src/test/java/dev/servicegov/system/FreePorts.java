package dev.servicegov.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports on this machine that nothing listens on, for a stack's published ports. */
final class FreePorts {

    /**
     * Distinct free loopback ports: all are held open until each has its number, since a port closed at once may be
     * handed out again by the next request (two published ports alike make compose fail with "port is already
     * allocated").
     */
    static int[] take(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private FreePorts() {
    }
}
