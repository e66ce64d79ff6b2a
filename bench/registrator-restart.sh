#!/usr/bin/env bash
# How long Consul stays wrong after the registrator restarts (issue: FaultInjectionIT asks for Consul to match Docker
# within 5 s of the registrator's restart). On a stack of its own (compose project sgrestart, Consul on 127.0.0.1:18700,
# three service-web instances), RUNS times: stops the registrator, stops one service-web instance (Consul keeps it:
# stale), starts the registrator and measures from the return of `docker start` until the Consul agent's service-web
# entries are exactly the running instances (polled every 20 ms); then starts the instance again and waits for it to
# be registered and healthy, and lets the host settle (SETTLE, 5 s). Also prints how long `docker start` itself took
# and how many services the restarted registrator registered (its "Registered" log lines).
#   bench/registrator-restart.sh [runs]                     20 runs by default
#   REGISTRATOR_IMAGES=built,<image> bench/registrator-restart.sh   images of the registrator compared run by run, in turn
#                                                      (built: the one built here; e.g. an older build's image)
# Appends to bench/results/registrator-restart.jsonl. Stops itself, tears its stack down.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${1:-20}
PROJECT=${BENCH_PROJECT:-sgrestart}
export CONSUL_HTTP_PORT=${BENCH_CONSUL_PORT:-18700} GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18780} TAG=${TAG:-$PROJECT}
# a network of its own, next to yours (a plain assignment, so that set -e stops the script when none is free)
STACK_SUBNET_PREFIX=${STACK_SUBNET_PREFIX:-$(scripts/free-subnet-prefix.sh)}
export STACK_SUBNET_PREFIX
OUT="$ROOT/bench/results"
mkdir -p "$OUT"

compose() { docker compose --progress quiet -p "$PROJECT" "$@"; }
trap 'compose down -v >/dev/null 2>&1 || true' EXIT

echo "== building the applications and starting the stack (project $PROJECT)"
./mvnw -q -B -DskipTests package
compose up -d --build --scale service-web=3 --wait >/dev/null
built="servicegov/registrator-agent:$TAG"
# the images to compare, taken in turn run by run (the registrator is recreated from one before each run)
read -r -a images <<<"$(echo "${REGISTRATOR_IMAGES:-}" | tr ',' ' ')"
[ ${#images[@]} -gt 0 ] || images=("$built")
for i in "${!images[@]}"; do
  if [ "${images[$i]}" = built ]; then images[$i]=$built; fi
  docker tag "${images[$i]}" "bench-restart-$i:$TAG" # by id: the stack's own tag is re-pointed per run
done
registrator="$PROJECT-registrator-1"
engine=$(docker info -f '{{.Name}}')

# consul_matches <timeout s> <container names...>: waits until the agent's service-web ids are exactly these
# containers' (<engine>:<container>:8080); prints the milliseconds it waited, fails after the timeout
consul_matches() {
  python3 - "$CONSUL_HTTP_PORT" "$1" "$engine" "${@:2}" <<'PY'
import json, sys, time, urllib.request
port, timeout, engine, names = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
expected = {f"{engine}:{name}:8080" for name in names}
start = time.monotonic()
while time.monotonic() - start < timeout:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/agent/services", timeout=1) as response:
            services = json.load(response)
        if {id for id, s in services.items() if s["Service"] == "service-web"} == expected:
            print(round((time.monotonic() - start) * 1000))
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.02)
sys.exit(1)
PY
}
webs=($(compose ps --format '{{.Name}}' service-web | sort))
consul_matches 60 "${webs[@]}" >/dev/null || { echo "the instances were never all registered" >&2; exit 1; }

. "$ROOT/bench/stats.sh"

printf '%-5s %-40s %16s %22s %12s\n' "run" "image" "docker_start_ms" "start_to_consul_ok_ms" "registered"
declare -A matched calls writes
for run in $(seq 1 "$RUNS"); do
  victim=${webs[$(( (run - 1) % ${#webs[@]} ))]}
  k=$(( (run - 1) % ${#images[@]} )); image=${images[$k]}
  if [ ${#images[@]} -gt 1 ] || [ "$image" != "$built" ]; then
    docker tag "bench-restart-$k:$TAG" "$built"
    compose up -d --no-build --wait registrator >/dev/null
    consul_matches 60 "${webs[@]}" >/dev/null || { echo "the instances were not registered by $image" >&2; exit 1; }
    sleep "${SETTLE:-5}"
  fi
  docker stop "$registrator" >/dev/null
  docker stop -t 10 "$victim" >/dev/null
  running=(); for web in "${webs[@]}"; do [ "$web" = "$victim" ] || running+=("$web"); done
  t0=$(date +%s%3N)
  since=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
  docker start "$registrator" >/dev/null
  call=$(( $(date +%s%3N) - t0 ))
  waited=$(consul_matches 30 "${running[@]}") || { echo "Consul did not match Docker within 30 s" >&2;
    docker logs --tail 30 "$registrator" >&2; exit 1; }
  sleep 1 # the restart's first reconcile is over
  # services the restarted registrator registered (again): its log lines since the start
  registered=$(docker logs --since "$since" "$registrator" 2>&1 | grep -c ' Registered ' || true)
  printf '%-5s %-40s %16s %22s %12s\n' "$run" "$image" "$call" "$waited" "$registered"
  matched[$k]+=" $waited"; calls[$k]+=" $call"; writes[$k]+=" $registered"
  echo "{\"benchmark\":\"registrator-restart\",\"image\":\"$image\",\"run\":$run,\"docker_start_ms\":$call,\"start_to_consul_matches_ms\":$waited,\"registered\":$registered}" >> "$OUT/registrator-restart.jsonl"
  docker start "$victim" >/dev/null
  consul_matches 60 "${webs[@]}" >/dev/null || { echo "$victim was not registered again" >&2; exit 1; }
  # the next start would otherwise share the two cores with this instance's JVM starting
  until [ "$(docker inspect -f '{{.State.Health.Status}}' "$victim")" = healthy ]; do sleep 0.5; done
  sleep "${SETTLE:-5}"
done
echo
echo "| image | measure | runs | median ms | p90 ms | worst ms |"
echo "| --- | --- | --- | --- | --- | --- |"
for k in "${!images[@]}"; do
  [ -n "${matched[$k]:-}" ] || continue
  read -r mm mp mw <<<"$(stats ${matched[$k]})"
  read -r cm cp cw <<<"$(stats ${calls[$k]})"
  n=$(wc -w <<<"${matched[$k]}")
  echo "| ${images[$k]} | \`docker start\` returned → Consul matches Docker | $n | $mm | $mp | $mw |"
  echo "| ${images[$k]} | \`docker start\` call itself | $n | $cm | $cp | $cw |"
  read -r wm wp ww <<<"$(stats ${writes[$k]})"
  echo "| ${images[$k]} | services registered by the restarted registrator | $n | $wm | $wp | $ww |"
done
for k in "${!images[@]}"; do docker rmi "bench-restart-$k:$TAG" >/dev/null 2>&1 || true; done
