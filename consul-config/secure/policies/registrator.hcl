# registrator-agent: registers and deregisters any service, reads nodes and its local agent.
# With the Consul KV backend (consulkv://host:port/<prefix>) add: key_prefix "<prefix>/" { policy = "write" }
service_prefix "" { policy = "write" }
node_prefix ""    { policy = "read" }
agent_prefix ""   { policy = "read" }
