# Secure overlay (docker-compose.secure.yml): ACLs on every Consul node, deny by default.
# Tokens are made at first start by init-acl.sh; nothing secret is in this repository.
acl {
  enabled                  = true
  default_policy           = "deny"
  # while the servers cannot be reached, agents keep using the tokens they already resolved
  down_policy              = "extend-cache"
  # agent tokens set through the API survive restarts
  enable_token_persistence = true
}
