# registrator-agent: registers and deregisters any service, reads nodes and its local agent
service_prefix "" { policy = "write" }
node_prefix ""    { policy = "read" }
agent_prefix ""   { policy = "read" }
