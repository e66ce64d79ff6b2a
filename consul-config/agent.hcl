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

# Services registered through this agent survive its restart: they live in its data volume and are
# synced back to the servers when it comes back.
leave_on_terminate = false
