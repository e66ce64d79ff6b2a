#!/bin/sh
# First start of the TLS overlay: a CA and the nodes' certificates, made once by `consul tls`; nothing is committed.
#   /ca      (volume consul-ca, this container only)        the CA's key and certificate
#   /server  (volume consul-tls-server, the three servers)  ca.pem, server.pem, server-key.pem
#   /agent   (volume consul-tls-agent, the client agent)     ca.pem, agent.pem, agent-key.pem
#   /public  (volume consul-ca-cert, applications and tools) ca.pem
# Idempotent: what exists is kept, except a node certificate CONSUL_TLS_RENEW_AFTER_DAYS old (default 730, of its 825
# days), which is made anew: the nodes then need a restart to use it. Keys go to files only, never to this output.
set -eu
umask 077
CA=/ca/consul-agent-ca.pem
CA_KEY=/ca/consul-agent-ca-key.pem
RENEW_AFTER_DAYS=${CONSUL_TLS_RENEW_AFTER_DAYS:-730}
case "$RENEW_AFTER_DAYS" in
  ''|*[!0-9]*) echo "CONSUL_TLS_RENEW_AFTER_DAYS=$RENEW_AFTER_DAYS is not a number of days; using 730"; RENEW_AFTER_DAYS=730 ;;
esac
if [ "$RENEW_AFTER_DAYS" -lt 1 ] || [ "$RENEW_AFTER_DAYS" -ge 825 ]; then
  echo "CONSUL_TLS_RENEW_AFTER_DAYS=$RENEW_AFTER_DAYS is not between 1 and 824 (certificates last 825 days); using 730"
  RENEW_AFTER_DAYS=730
fi

if [ ! -s "$CA" ]; then
  (cd /ca && consul tls ca create -days 3650 >/dev/null)
  echo "CA made"
fi

issue() { # issue <dir> <name> <consul tls cert create options>: <dir>/<name>.pem and <name>-key.pem, once, or anew when old
  dir=$1 name=$2
  shift 2
  if [ -s "$dir/$name.pem" ]; then
    # the file's time is its issue: made in this script, moved, never written again
    age_days=$(( ($(date +%s) - $(stat -c %Y "$dir/$name.pem")) / 86400 ))
    [ "$age_days" -lt "$RENEW_AFTER_DAYS" ] && return 0
    echo "certificate $name is $age_days days old (valid for 825): making it anew; restart the nodes that use it," \
      "one at a time (docker compose <the -f files> restart <service>)"
  fi
  work=$(mktemp -d)
  # consul names its files dc1-<kind>-consul-<n>.pem after those already in the folder: an empty one gives one pair
  (cd "$work" && consul tls cert create -ca "$CA" -key "$CA_KEY" -days 825 "$@" >/dev/null)
  mv "$work"/*-key.pem "$dir/$name-key.pem"
  mv "$work"/*.pem "$dir/$name.pem"
  rmdir "$work"
  # the consul user of the official image must read them; each volume is mounted only where its key belongs
  chmod 644 "$dir/$name.pem" "$dir/$name-key.pem"
  echo "certificate $name made"
}

# One certificate for the three servers: server.dc1.consul (RPC hostname verification) and the compose names
# (their HTTPS API, used by consul-acl-init); localhost and 127.0.0.1 are always in.
issue /server server -server -dc dc1 \
  -additional-dnsname consul-server-1 -additional-dnsname consul-server-2 -additional-dnsname consul-server-3
# The client agent: its compose name for the applications, localhost and 127.0.0.1 for the published UI port.
issue /agent agent -client -dc dc1 -additional-dnsname consul-agent

for dir in /server /agent /public; do
  cp "$CA" "$dir/ca.pem.tmp" && chmod 644 "$dir/ca.pem.tmp" && mv "$dir/ca.pem.tmp" "$dir/ca.pem"
done
echo "TLS material in place"
