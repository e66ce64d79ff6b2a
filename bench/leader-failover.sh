#!/usr/bin/env bash
# Leader failover benchmark (issue: "Consul cluster that survives failures").
# For each Raft timing (Consul's default multiplier 5, and the multiplier consul-config/server.hcl sets),
# brings up the three servers and the client agent, then RUNS times: SIGKILLs the leader and measures
#   - elected:      SIGKILL -> one of the two other servers names a new leader (Raft's own election; asked
#                   directly on their container addresses, 200 ms timeout, every 50 ms)
#   - leader:       SIGKILL -> a new leader answers through the client agent (what clients see; includes
#                   the agent finding a live server)
#   - registration: SIGKILL -> a service registered through the agent right after the kill is in the catalog
# Then restarts the killed server and waits until autopilot calls the cluster healthy again.
# Traffic goes only to the agent's port on 127.0.0.1 and to the project's own server containers. Usage: bench/leader-failover.sh [runs]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-5}
PORT=${BENCH_CONSUL_PORT:-18500}
OUT="$ROOT/bench/results"
MULTIPLIERS=${BENCH_RAFT_MULTIPLIERS:-"5 $(sed -n 's/^ *raft_multiplier *= *\([0-9]*\).*/\1/p' "$ROOT/consul-config/server.hcl")"}
# more server configuration for every run, e.g. BENCH_RAFT_EXTRA_HCL='consul { raft { election_timeout = "500ms" } }'
# (Consul 1.8.7 ignores that internal block from user configuration; BENCHMARKS.md)
extra_hcl=""
if [ -n "${BENCH_RAFT_EXTRA_HCL:-}" ]; then
  extra_hcl=", \"-hcl\", $(python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$BENCH_RAFT_EXTRA_HCL")"
  echo "every server also gets: $BENCH_RAFT_EXTRA_HCL"
fi
mkdir -p "$OUT"
cd "$ROOT"
# a network of its own, next to yours (a plain assignment, so that set -e stops the script when none is free)
STACK_SUBNET_PREFIX=${STACK_SUBNET_PREFIX:-$(scripts/free-subnet-prefix.sh)}
export STACK_SUBNET_PREFIX

now_ms() { date +%s%3N; }
api() { curl -s -m 1 "http://127.0.0.1:$PORT$1" || true; }
leader() { api /v1/status/leader | tr -d '"'; }

project=""
teardown() { [ -n "$project" ] && docker compose -p "$project" down -v >/dev/null 2>&1 || true; }
trap teardown EXIT

wait_until() { # wait_until <seconds> <command...>: polls every 50 ms, fails after the deadline
  local deadline=$(( $(now_ms) + $1 * 1000 )); shift
  until "$@"; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}
# healed = three voters again: a server that rejoins is a non-voter until autopilot promotes it, and
# losing the leader before that leaves no quorum
cluster_healthy() { api /v1/operator/autopilot/health | grep -q '"FailureTolerance":1' && [ -n "$(leader)" ]; }

# the other two servers' own view of the leader (a follower answers from its Raft state, without forwarding)
elected() {
  local ip l
  for ip in "${survivors[@]}"; do
    l=$(curl -s -m 0.2 "http://$ip:8500/v1/status/leader" | tr -d '"' || true)
    if [ -n "$l" ] && [ "$l" != "$old" ]; then return 0; fi
  done
  return 1
}

container_with_ip() { # the compose container of the project whose address is $1
  docker ps -q --filter "label=com.docker.compose.project=$project" \
    | xargs docker inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' \
    | awk -v ip="$1" '$2 == ip { sub("^/", "", $1); print $1 }'
}

dump_logs() { for n in 1 2 3; do docker logs --tail 15 "$project-consul-server-$n-1" 2>&1 | sed "s/^/  server-$n: /" >&2; done; }

. "$ROOT/bench/stats.sh"

printf '%-10s %-5s %12s %12s %12s\n' "multiplier" "run" "elected_ms" "leader_ms" "register_ms"
summary=()
for multiplier in $MULTIPLIERS; do
  project="sgbench-raft$multiplier"
  override="$OUT/.raft$multiplier.override.yml"
  {
    echo "services:"
    for n in 1 2 3; do
      echo "  consul-server-$n:"
      echo "    command: [\"agent\", \"-node=consul-server-$n\", \"-hcl\", \"performance { raft_multiplier = $multiplier }\"$extra_hcl]"
    done
  } > "$override"
  CONSUL_HTTP_PORT=$PORT docker compose -p "$project" -f docker-compose.yml -f "$override" \
    up -d --wait consul-server-1 consul-server-2 consul-server-3 consul-agent >/dev/null 2>&1
  wait_until 60 cluster_healthy || { echo "cluster $project never became healthy" >&2; exit 1; }
  leader_times=(); register_times=(); elected_times=()
  for run in $(seq 1 "$RUNS"); do
    old=$(leader); victim=$(container_with_ip "${old%:*}")
    [ -n "$victim" ] || { echo "cannot find the leader's container ($old)" >&2; exit 1; }
    probe="failover-probe-$run"
    survivors=()
    for n in 1 2 3; do
      name="$project-consul-server-$n-1"
      [ "$name" = "$victim" ] || survivors+=("$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$name")")
    done
    t0=$(now_ms)
    docker kill -s KILL "$victim" >/dev/null
    wait_until 60 elected || { echo "no server named a new leader within 60 s" >&2; dump_logs; exit 1; }
    t_elected=$(( $(now_ms) - t0 ))
    # the killed server stays down until both figures are taken, so a leader at another address is a new one
    new_leader() { local l; l=$(leader); [ -n "$l" ] && [ "$l" != "$old" ]; }
    wait_until 60 new_leader || { echo "no new leader within 60 s" >&2; dump_logs; exit 1; }
    t_leader=$(( $(now_ms) - t0 ))
    # registering again on every poll asks the agent to sync now rather than after its retry timer
    registered() {
      curl -s -m 1 -X PUT -d "{\"Name\":\"$probe\",\"ID\":\"$probe\",\"Port\":1}" "http://127.0.0.1:$PORT/v1/agent/service/register" >/dev/null || true
      api "/v1/catalog/service/$probe" | grep -q "\"ServiceID\":\"$probe\""
    }
    wait_until 60 registered || { echo "registration not applied within 60 s" >&2; dump_logs; exit 1; }
    t_register=$(( $(now_ms) - t0 ))
    printf '%-10s %-5s %12s %12s %12s\n' "$multiplier" "$run" "$t_elected" "$t_leader" "$t_register"
    leader_times+=("$t_leader"); register_times+=("$t_register"); elected_times+=("$t_elected")
    echo "{\"benchmark\":\"leader-failover\",\"raft_multiplier\":$multiplier,\"run\":$run,\"elected_ms\":$t_elected,\"leader_ms\":$t_leader,\"registration_ms\":$t_register}" >> "$OUT/leader-failover.jsonl"
    docker start "$victim" >/dev/null
    wait_until 90 cluster_healthy || { echo "cluster did not heal after restarting $victim" >&2; exit 1; }
  done
  read -r em _ ew <<<"$(stats "${elected_times[@]}")"
  read -r lm _ lw <<<"$(stats "${leader_times[@]}")"
  read -r rm _ rw <<<"$(stats "${register_times[@]}")"
  summary+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s |' "$multiplier" "$RUNS" "$em" "$ew" "$lm" "$lw" "$rm" "$rw")")
  teardown; project=""
  rm -f "$override"
done
echo
echo "| raft_multiplier | runs | elected median ms | worst ms | new leader via the agent median ms | worst ms | registration applied median ms | worst ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${summary[@]}"
