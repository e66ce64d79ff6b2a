package dev.servicegov.system;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;

/**
 * A stack's three Consul servers as Raft and Docker see them: which one leads, which follow, whether the cluster
 * survives the loss of one. A server is named by its compose service; Consul names the leader by its Raft address
 * ({@code <ip>:8300}).
 */
final class ConsulServers {

    static final List<String> NAMES = List.of("consul-server-1", "consul-server-2", "consul-server-3");

    private final ComposeStack stack;
    private final ConsulHttp consul;

    /** The servers of the stack, asked through this client (under the TLS overlay, an HTTPS one). */
    ConsulServers(ComposeStack stack, ConsulHttp consul) {
        this.stack = stack;
        this.consul = consul;
    }

    /** The leader's Raft address, as Consul gives it ({@code <ip>:8300}), empty while there is none. */
    String leaderAddress() {
        return consul.leader();
    }

    /** The leader's container. */
    Container leader() {
        String address = leaderAddress();
        if (address.indexOf(':') < 0) {
            throw new IllegalStateException("the Consul cluster has no leader: /v1/status/leader answered '" + address + "'");
        }
        return at(address.substring(0, address.indexOf(':')));
    }

    /** The compose service of a server's container. */
    static String nameOf(Container server) {
        return server.getLabels().get("com.docker.compose.service");
    }

    /** One of the servers that do not lead now. */
    String aFollower() {
        String leader = nameOf(leader());
        return NAMES.stream().filter(server -> !server.equals(leader)).findFirst().orElseThrow();
    }

    /** The Raft address of a server ({@code <ip>:8300}). */
    String raftAddressOf(String server) {
        return stack.ipOf(stack.containers(server).get(0).getId()) + ":8300";
    }

    /** The server container whose address is the given IP. */
    Container at(String ip) {
        return NAMES.stream()
                .flatMap(service -> stack.containers(service).stream())
                .filter(container -> stack.ipOf(container.getId()).equals(ip))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Consul server of the stack has the address " + ip));
    }

    /**
     * Cuts a server off the stack's network. Closing the returned handle connects it again on its own address and
     * under its service's name, as {@code docker network connect --ip <its address> --alias <service>} would (README).
     */
    AutoCloseable cutOff(Container server) {
        String address = stack.ipOf(server.getId());
        ComposeStack.docker().disconnectFromNetworkCmd().withNetworkId(stack.network()).withContainerId(server.getId())
                .withForce(true).exec();
        return () -> ComposeStack.docker().connectToNetworkCmd().withNetworkId(stack.network()).withContainerId(server.getId())
                .withContainerNetwork(new ContainerNetwork().withAliases(nameOf(server))
                        .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(address))).exec();
    }

    /** Waits until a server other than the one at this Raft address leads, and returns its address. */
    String awaitALeaderOtherThan(String raftAddress) {
        return await("a Consul leader other than " + raftAddress).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(this::leaderAddress, leader -> !leader.isEmpty() && !leader.equals(raftAddress));
    }

    /** Whether the cluster has three voting servers: autopilot says it survives the loss of one. */
    boolean toleratesALoss() {
        return consul.get("/v1/operator/autopilot/health").contains("\"FailureTolerance\":1");
    }

    /** Waits for three voting servers: a server that rejoins is a non-voter until autopilot promotes it. */
    void awaitThreeVoters() {
        await("three voting Consul servers").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(this::toleratesALoss);
    }

    /** The Raft configuration's servers, each as Consul gives it (ID, Node, Address, Leader, Voter). */
    List<Map<String, Object>> raftConfiguration() {
        return JsonPath.read(consul.get("/v1/operator/raft/configuration"), "$.Servers");
    }
}
