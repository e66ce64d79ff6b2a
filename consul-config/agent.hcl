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

# Stay in the cluster on docker stop/restart/crash, as the servers do (server.hcl). A client that leaves takes every
# service registered on it out of the catalog at once: consumers then find none until it is back and its checks have
# run again (measured: 6 s of failed requests through the gateway for a `docker compose restart consul-agent`). One that
# does not leave keeps them; the gateway, which talks to this agent, serves its last known instances meanwhile.
# Its fixed address (docker-compose.yml) is what makes staying safe: the servers refuse a node that comes back on
# another address while they still know the old one.
leave_on_terminate      = false
skip_leave_on_interrupt = true

# A fixed node id: an agent whose data volume was wiped comes back as the same node. With a new random id the servers
# refuse it ("Node name consul-agent is reserved by node <old id>") for as long as they have not counted the old one
# dead, and nothing it registers reaches the catalog meanwhile. There is one client agent per stack. Changing the id
# of an agent that is in the cluster causes the same refusal.
node_id = "5e1c7a2e-6f0b-4c1e-9a51-0c0a5c9e4a11"

# The gateway holds one blocking query, so one connection, per service it watches (gateway.watch.max-watches, 400 in
# docker-compose.yml), and a query it dropped stays counted until its wait ends. Past Consul's default of 200
# connections from one address, the agent resets new ones, and every watch of the gateway failed (250 services).
limits {
  http_max_conns_per_client = 1024
}
