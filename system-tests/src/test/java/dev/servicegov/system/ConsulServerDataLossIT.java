package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;
import dev.servicegov.testsupport.RequiresDocker;

/**
 * A Consul server that loses its data volume and is created again at once, the way the README says. Its start waits
 * until the others count the old one failed (consul-config/server-start.sh), then it comes back under a new node id
 * (Consul's own choice for a new data directory, which Raft needs: a server that forgot its log and its votes must
 * not vote under its old id), gets the cluster's data from the leader, and the catalog takes the new id. Started
 * without that wait, while the others still counted the old one alive, the server got into Raft, but the catalog
 * refused its updates under its name for as long as it ran ("Node name consul-server-N is reserved by node
 * <old id>"). Only the Consul cluster of docker-compose.yml runs here.
 */
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsulServerDataLossIT {

    private static ComposeStack stack;
    private static ConsulHttp consul;
    private static ConsulServers servers;

    @BeforeAll
    static void startTheCluster() throws IOException {
        stack = ComposeStack.consulOnly("sgdataloss");
        consul = stack.consul();
        servers = stack.consulServers();
    }

    @AfterAll
    static void tearTheClusterDown() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void threeVotingServers() {
        servers.awaitThreeVoters();
    }

    @Test
    @Order(1)
    void aFollowerRemovedWithItsData_RecreatedAtOnce_WaitsThenRejoinsUnderANewIdTheCatalogTakes() throws Exception {
        loseItsDataAndRejoin(servers.aFollower(), false);
    }

    @Test
    @Order(2)
    void theLeaderKilledAndRemovedWithItsData_RecreatedAtOnce_ANewLeaderIsElectedAndItRejoinsUnderANewId()
            throws Exception {
        loseItsDataAndRejoin(ConsulServers.nameOf(servers.leader()), true);
    }

    /**
     * Writes a key, removes the server with its data (killed first, if asked), creates it again at once, and checks
     * that a leader other than a killed one leads, and that the server rejoined as a voter under a new id that the
     * catalog took, and holds the key.
     */
    private static void loseItsDataAndRejoin(String server, boolean killFirst) throws Exception {
        String key = "servicegov/before-" + server + "-lost-its-data";
        assertThat(stack.exec("consul-agent", "consul", "kv", "put", key, "kept").exitCode()).isZero();
        String address = servers.raftAddressOf(server);
        String oldId = (String) raftServerAt(address).get("ID");

        if (killFirst) {
            ComposeStack.docker().killContainerCmd(stack.containers(server).get(0).getId()).exec();
        }
        stack.removeWithItsData(server);
        long recreatedAt = System.nanoTime();
        stack.composeCommand("up", "--detach", "--no-deps", server);
        if (killFirst) {
            servers.awaitALeaderOtherThan(address);
        }

        String newId = JsonPath.read(awaitAnswer(server, "wget", "-qO-", "http://127.0.0.1:8500/v1/agent/self"),
                "$.Config.NodeID");
        assertThat(newId).as("the recreated server's node id").isNotEqualTo(oldId);
        await("the recreated server a voter under its new id, the cluster tolerating a failure again")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(raftServerAt(address)).containsEntry("ID", newId).containsEntry("Voter", true);
                    assertThat(servers.toleratesALoss()).isTrue();
                });
        System.out.printf("%s recreated without its data: a voter again, the cluster tolerating a failure, %d ms later%n",
                server, (System.nanoTime() - recreatedAt) / 1_000_000);
        await("the catalog taking the new id").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> newId.equals(JsonPath.read(consul.get("/v1/catalog/node/" + server), "$.Node.ID")));
        assertThat(awaitAnswer(server, "consul", "kv", "get", "-stale", key).strip())
                .as("the key written before, read on the recreated server itself").isEqualTo("kept");
        String log = stack.logsOf(server);
        log.lines().filter(line -> line.contains("server-start:")).forEach(System.out::println);
        assertThat(log).as("the recreated server's log").doesNotContain("is reserved by node");
    }

    /** The Raft configuration's entry for this address (ID, Address, Voter, ...). */
    private static Map<String, Object> raftServerAt(String address) {
        List<Map<String, Object>> atAddress = servers.raftConfiguration().stream()
                .filter(server -> address.equals(server.get("Address"))).toList();
        assertThat(atAddress).as("Raft servers at " + address).hasSize(1);
        return atAddress.get(0);
    }

    /** The output of a command in the server's container, once it succeeds (within 30 s). */
    private static String awaitAnswer(String server, String... command) {
        String[] output = new String[1];
        await(String.join(" ", command) + " on " + server).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    var exec = stack.exec(server, command);
                    output[0] = exec.output();
                    return exec.exitCode() == 0;
                });
        return output[0];
    }
}
