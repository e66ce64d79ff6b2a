# Consul server: one of three. Mounted read-only at /consul/config/server.hcl; the node name comes from
# the command line (-node) so that one file serves all three. Works on Consul 1.8.7 and current releases.
server           = true
bootstrap_expect = 3
retry_join       = ["consul-server-1", "consul-server-2", "consul-server-3"]
datacenter       = "dc1"

# Gossip and RPC on the container's own network address; HTTP for healthchecks inside the container.
bind_addr   = "{{ GetInterfaceIP \"eth0\" }}"
client_addr = "0.0.0.0"

# Never call home: these machines have no internet, and a cluster should not depend on it.
disable_update_check = true

# Fast failover: the default multiplier (5) is tuned for tiny cloud VMs; 1 is production-grade timing.
performance {
  raft_multiplier = 1
}

# A server that stops (docker compose stop/restart, a crash) must not leave the Raft peer set: a server that left
# must be joined again before it votes (as a non-voter first, promoted once stable), a restarted one votes at once.
leave_on_terminate      = false
skip_leave_on_interrupt = true

# A server that comes back after autopilot removed it rejoins as a non-voter and is promoted once it has
# been stable this long (default 10s). Until then the cluster tolerates no further failure, so keep the
# window short; the failover benchmark waits for FailureTolerance = 1 before each kill.
autopilot {
  cleanup_dead_servers      = true
  server_stabilization_time = "3s"
}
