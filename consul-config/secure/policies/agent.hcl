# the Consul agents themselves (servers and the client agent): keep their node entry and coordinates
node_prefix ""    { policy = "write" }
service_prefix "" { policy = "read" }
