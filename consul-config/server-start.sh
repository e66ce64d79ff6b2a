#!/bin/sh
# Entry point of the Consul servers in docker-compose.yml: waits, when this server's data directory is new, until the
# cluster no longer counts an earlier server of the same name alive, then runs the image's own entry point.
#
# Why: a server that lost its data (volume removed) starts under a new node id, as Raft needs. The catalog refuses a
# new id under a name whose old id still has a passing serfHealth check ("Node name consul-server-2 is reserved by
# node <old id>"), and keeps refusing for as long as the new server runs. The others count the old one failed about
# 5 s after it died, so `docker compose up` right after removing it would start it too early.
#
# The wait ends as soon as the others count the old one failed or left and have a leader (which then marks it critical
# in the catalog), or no other server knows this name (a new cluster, or one that lost all its data), or none answers.
# It lasts CONSUL_REJOIN_WAIT seconds at most (default 60); then the server starts anyway and says so. With data
# (node-id present) it starts at once.
set -u
# PID 1 until the exec: without this, a stop during the wait would take Docker's full grace period
trap 'exit 143' TERM INT

data_dir=/consul/data
me=$(hostname)
for arg in "$@"; do
  case "$arg" in -node=*) me=${arg#-node=} ;; esac
done
# the servers of docker-compose.yml (server.hcl's retry_join)
peers=${CONSUL_SERVERS:-consul-server-1 consul-server-2 consul-server-3}
say() { echo "server-start: $me: $*" >&2; }
max_wait=${CONSUL_REJOIN_WAIT:-60}
case "$max_wait" in
  ''|*[!0-9]*) say "CONSUL_REJOIN_WAIT=$max_wait is not a number of seconds; waiting 60 s at most"; max_wait=60 ;;
esac
# the other servers' HTTP API, spoken as this container's CLI speaks to its own node (HTTPS under the TLS overlay)
http_addr=${CONSUL_HTTP_ADDR:-http://127.0.0.1:8500}
case "$http_addr" in *://*) ;; *) http_addr=http://$http_addr ;; esac
# without a port, Consul's port for the scheme (8500 http, 8501 https), not the URL's own default (80, 443)
case "${http_addr#*://}" in
  *:*) ;;
  *) case "$http_addr" in https://*) http_addr=$http_addr:8501 ;; *) http_addr=$http_addr:8500 ;; esac ;;
esac
peer_addr() { echo "${http_addr%%://*}://$1:${http_addr##*:}"; }
# under the secure overlay the agent token (init-acl.sh writes it to the secrets volume) may read the catalog; the
# anonymous token reads nothing. Given to the two commands below only, not to the agent this script becomes.
peer_token=${CONSUL_HTTP_TOKEN:-}
token_file=/secrets/agent.token
if [ -z "$peer_token" ] && [ -r "$token_file" ]; then
  peer_token=$(cat "$token_file")
fi
ask() { # ask <address> <consul command...>: the command's output, run against another server
  addr=$1; shift
  CONSUL_HTTP_ADDR=$addr CONSUL_HTTP_TOKEN=$peer_token timeout 3 consul "$@" 2>&1
}

# What the other servers say about this name. Wait on "alive" (one counts the earlier server alive) and "no-leader"
# (they count it failed or left, but no leader answers, so none has marked it critical in the catalog yet); go ahead on
# "failed" (failed or left, and a leader answers), "unknown" (they do not know the name: a new cluster, or one that
# lost all its data) and "unanswered (<error>)" (no other server answered).
# Only commands that the agent token may run: `consul watch` would need agent:read.
old_node_state() {
  failed_on=""
  last_error="no other server to ask"
  answered=""
  for peer in $peers; do
    [ "$peer" = "$me" ] && continue
    addr=$(peer_addr "$peer")
    members=$(ask "$addr" members) || { last_error="$peer: $(echo "$members" | tail -n 1)"; continue; }
    answered=yes
    case "$(echo "$members" | awk -v n="$me" '$1 == n { print $3 }')" in
      "") ;;
      failed|left) failed_on="$failed_on $addr" ;;
      *) echo alive; return ;;
    esac
  done
  if [ -z "$answered" ]; then
    echo "unanswered ($last_error)"
    return
  fi
  [ -z "$failed_on" ] && { echo unknown; return; }
  # a leader reconciles a failed member at once: its serfHealth turns critical, and the catalog lets the name go
  for addr in $failed_on; do
    ask "$addr" catalog nodes >/dev/null && { echo failed; return; }
  done
  echo no-leader
}

if [ ! -f "$data_dir/node-id" ]; then
  started=$(date +%s)
  announced=""
  while :; do
    state=$(old_node_state)
    case "$state" in
      alive) reason="the cluster still counts the earlier $me alive" ;;
      no-leader) reason="the cluster has no leader to count the earlier $me failed" ;;
      unanswered*)
        # a new cluster whose servers start together; otherwise the others could not be asked, and the wait is skipped
        say "new data directory; no other server answered, starting (the last error: ${state#unanswered (}"
        break ;;
      *) break ;;
    esac
    waited=$(($(date +%s) - started))
    if [ "$waited" -ge "$max_wait" ]; then
      say "new data directory, and $reason after ${waited}s; starting anyway. If its log says 'is reserved by node', run: docker compose stop $me; sleep 10; docker compose start $me"
      announced=""
      break
    fi
    [ -z "$announced" ] && say "new data directory, and $reason: waiting (at most ${max_wait}s), or the catalog would refuse the new node id under this name"
    announced=yes
    sleep 1
  done
  [ -n "$announced" ] && say "the earlier $me is counted failed or unknown now; starting after $(($(date +%s) - started))s"
fi

trap - TERM INT
exec docker-entrypoint.sh "$@"
