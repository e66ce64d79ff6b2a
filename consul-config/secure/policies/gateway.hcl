# consumer-gateway: reads services and their health, nothing else
service_prefix "" { policy = "read" }
node_prefix ""    { policy = "read" }
