# Consul client agent: what every other part talks to (registrator, gateway, the UI on 127.0.0.1:8500).
# Mounted read-only at /consul/config/agent.hcl. Works on Consul 1.8.7 and current releases.
server     = false
retry_join = ["consul-server-1", "consul-server-2", "consul-server-3"]
datacenter = "dc1"

bind_addr   = "{{ GetInterfaceIP \"eth0\" }}"
client_addr = "0.0.0.0"

disable_update_check = true

# "ui" is the spelling both Consul 1.8 and current releases accept (newer ones also know ui_config).
ui = true

# Leave the cluster on docker stop/restart (Consul's default for client agents; servers must not, see
# server.hcl). The servers keep a node's name bound to its address while they believe the node alive, and for
# about 30 s after it died: an agent that comes back on another address (docker-compose.yml gives it a fixed
# one; a hand-made `docker network connect` may not) is refused unless it left, and every service on it turns
# critical. After a leave, its new address is taken at once. Its services survive either way: they live in
# its data volume and are synced back to the servers when it rejoins.
leave_on_terminate = true
