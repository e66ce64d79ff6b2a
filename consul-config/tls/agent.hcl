# TLS overlay (docker-compose.tls.yml), client agent: HTTPS only for the HTTP API and the UI (8501), verified
# TLS towards the servers. Mounted read-only at /consul/config/tls.hcl next to agent.hcl; the files come from
# init-tls.sh. Callers need no client certificate (verify_incoming_https stays off): the ACL token authenticates them.
ports {
  http  = -1
  https = 8501
}
ca_file   = "/consul/tls/ca.pem"
cert_file = "/consul/tls/agent.pem"
key_file  = "/consul/tls/agent-key.pem"

verify_outgoing        = true
verify_server_hostname = true
