# TLS overlay (docker-compose.tls.yml), Consul server: HTTPS only for the HTTP API, verified TLS for RPC.
# Mounted read-only at /consul/config/tls.hcl next to server.hcl; the files come from init-tls.sh. Consul 1.8.7 and later.
ports {
  http  = -1
  https = 8501
}
ca_file   = "/consul/tls/ca.pem"
cert_file = "/consul/tls/server.pem"
key_file  = "/consul/tls/server-key.pem"

# RPC (8300) from agents and other servers only with a certificate of this CA; a server must prove it is
# server.dc1.consul, so a client agent's certificate cannot pose as one.
verify_incoming_rpc    = true
verify_outgoing        = true
verify_server_hostname = true
