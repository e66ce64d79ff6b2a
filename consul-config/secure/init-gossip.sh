#!/bin/sh
# First start of the secure overlay: make the gossip encryption key, once, in the consul-secrets volume.
set -eu
umask 077
# every Consul node loads this directory (-config-dir); init-acl.sh writes the agent token into it once ACLs exist
mkdir -p /secrets/agent-token && chmod 755 /secrets/agent-token
if [ -s /secrets/gossip.hcl ]; then
  echo "gossip key already made"
  exit 0
fi
key=$(consul keygen)
printf 'encrypt = "%s"\n' "$key" > /secrets/gossip.hcl.tmp && mv /secrets/gossip.hcl.tmp /secrets/gossip.hcl
chmod 644 /secrets/gossip.hcl   # the consul user of the official image must read it
echo "gossip key made"
