#!/bin/sh
# First start of the secure overlay: bootstrap the ACL system and give each part its own token.
#   /secrets/management.token       the bootstrap (management) token, for operators and the UI
#   /out/registrator/consul-token   service write + node read       (registrator-agent)
#   /out/gateway/consul-token       service read + node read        (consumer-gateway)
# Every agent gets an agent token so it can keep its node entry. Idempotent: a token file that exists
# is kept. Secrets go to files only, never to this script's output.
set -eu
umask 077
export CONSUL_HTTP_ADDR=${CONSUL_HTTP_ADDR:-http://consul-agent:8500}
# every node is asked with the same scheme and port (the TLS overlay: https://consul-agent:8501 and CONSUL_CACERT)
node_addr() { echo "${CONSUL_HTTP_ADDR%%://*}://$1:${CONSUL_HTTP_ADDR##*:}"; }
secret_id() { sed -n 's/.*"SecretID": *"\([^"]*\)".*/\1/p'; }

if [ ! -s /secrets/management.token ]; then
  tries=0
  until consul acl bootstrap -format=json > /tmp/bootstrap.json 2>/tmp/bootstrap.err; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "ACL bootstrap failed after 60 tries: $(cat /tmp/bootstrap.err)" >&2
      echo "If the cluster was bootstrapped before and /secrets/management.token is lost, see README.md," \
        "Secure overlay, \"Resetting the ACLs when the management token is lost\"." >&2
      exit 1
    fi
    sleep 1
  done
  secret_id < /tmp/bootstrap.json > /secrets/management.token
  rm -f /tmp/bootstrap.json
  echo "ACLs bootstrapped; management token in the consul-secrets volume (management.token)"
fi
export CONSUL_HTTP_TOKEN_FILE=/secrets/management.token
# a token kept from an earlier cluster: the servers' data volumes were removed, this one was not (a `down -v` without
# this overlay's -f file leaves its volumes); every token file here is then unknown to the cluster
if ! self=$(consul acl token read -self 2>&1 >/dev/null) && echo "$self" | grep -q 'ACL not found'; then
  echo "The management token in the consul-secrets volume is unknown to this cluster: its servers' data was removed" \
    "but not this overlay's volumes (docker compose down -v without the overlay's -f files). Remove them too, with" \
    "the same -f files as your up: docker compose -f docker-compose.yml -f docker-compose.secure.yml down -v" \
    "(add -f docker-compose.tls.yml under the TLS overlay), then up again." >&2
  exit 1
fi

policy() { # policy <name>: creates the policy from policies/<name>.hcl unless it exists
  consul acl policy read -name "$1" >/dev/null 2>&1 \
    || consul acl policy create -name "$1" -rules @"/consul-secure/policies/$1.hcl" >/dev/null
}
token_file() { # token_file <policy> <file>: a token with that policy, written to the file once
  [ -s "$2" ] && return 0
  mkdir -p "$(dirname "$2")"
  consul acl token create -description "$1 (made by init-acl.sh)" -policy-name "$1" -format=json | secret_id > "$2.tmp"
  # a pipe hides the failure of its first command: an empty token is one
  [ -s "$2.tmp" ] || { echo "making the $1 token failed: see the lines above" >&2; exit 1; }
  mv "$2.tmp" "$2" && chmod 644 "$2"
  echo "token for $1 written to its volume"
}

for name in agent registrator gateway; do policy "$name"; done
token_file agent /secrets/agent.token
token_file registrator /out/registrator/consul-token
token_file gateway /out/gateway/consul-token

agent_token=$(cat /secrets/agent.token)
# The nodes already running get the agent token through the API; a node that starts later, even one that lost its
# data (and with it the token the API set), reads it from its configuration (init-gossip.sh made the directory).
config=/secrets/agent-token/agent-token.hcl
printf 'acl {\n  tokens {\n    agent = "%s"\n  }\n}\n' "$agent_token" > "$config.tmp"
if cmp -s "$config.tmp" "$config"; then
  rm "$config.tmp"
else
  chmod 644 "$config.tmp"   # the consul user of the official image must read it
  mv "$config.tmp" "$config"
  echo "agent token written to the nodes' configuration"
fi
for node in consul-server-1 consul-server-2 consul-server-3 consul-agent; do
  CONSUL_HTTP_ADDR="$(node_addr "$node")" consul acl set-agent-token agent "$agent_token" >/dev/null
done
echo "agent tokens set on the servers and the client agent"
