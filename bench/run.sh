#!/usr/bin/env bash
# Runs the benchmarks against a stack of their own (compose project sgbench, Consul on 127.0.0.1:18600, the
# gateway on 18680, the removal baseline on 18681), prints the figures and appends them to bench/results/*.jsonl
# (the registrator's log of the run goes there too).
# Bounded, stops itself, tears its stack down.
#   bench/run.sh          registration latency (50 starts), bursts (20 x 50), agent restarted with its data gone (5 x 20
#                         services), gateway overhead (c=16), gateway latency at steady rates (250 to 1000/s),
#                         ready -> served through the gateway (20 starts), removal latency (3 x stop, 3 x kill)
#   BENCH_RUNS=10 BENCH_BURSTS=2 BENCH_READY_RUNS=5 BENCH_REMOVAL_RUNS=1 bench/run.sh   a quicker look
#   BENCH_ONLY=removal bench/run.sh      a subset: any of registration,bursts,agent-wipe,overhead,paced,ready,removal (comma-separated)
#   BENCH_PROJECT, BENCH_CONSUL_PORT, BENCH_GATEWAY_PORT, BENCH_BASELINE_PORT: another project name and ports
#   BENCH_DOCKER_ACCESS=socket bench/run.sh   the registrator on the engine's socket, not through docker-api-proxy
# The gateway overhead benchmark also measures nginx as a reference proxy when it is installed (apt-get install nginx-light).
# It then measures Spring Cloud Gateway as it comes (webflux, webmvc), Jetty's proxy handler and Vert.x's reverse proxy, one
# at a time, each with one static route to the same instance (bench/reference-gateways, built here with -Pbench).
#   BENCH_REFERENCES=jetty-proxy,vertx-proxy bench/run.sh   only these (of scg-webflux,scg-webmvc,jetty-proxy,vertx-proxy; none for none)
# Separate: the leader failover benchmark (bench/leader-failover.sh), the registrator's restart
# (bench/registrator-restart.sh) and what each of the gateway's features costs per request (bench/gateway-variants.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PROJECT=${BENCH_PROJECT:-sgbench}
# the bench overlay's registrator registers only containers labelled with this stack
export BENCH_STACK=$PROJECT
export CONSUL_HTTP_PORT=${BENCH_CONSUL_PORT:-18600} GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18680}
export BENCH_BASELINE_PORT=${BENCH_BASELINE_PORT:-18681}
# a network of its own, next to yours (a plain assignment, so that set -e stops the script when none is free)
STACK_SUBNET_PREFIX=${STACK_SUBNET_PREFIX:-$(scripts/free-subnet-prefix.sh)}
export STACK_SUBNET_PREFIX
# images tagged by project: other stacks on the engine build servicegov/*:dev from other checkouts
export TAG=${TAG:-$PROJECT}
JRE_IMAGE_NAME=$(sed -n 's/^JRE_IMAGE=//p' .env 2>/dev/null || true)
COMPOSE_FILES=(-f docker-compose.yml -f bench/docker-compose.bench.yml)
case "${BENCH_DOCKER_ACCESS:-proxy}" in
  proxy) ;;
  socket) COMPOSE_FILES+=(-f bench/docker-compose.socket.yml)
    DOCKER_GID=$(stat -c %g /var/run/docker.sock); export DOCKER_GID ;;
  *) echo "BENCH_DOCKER_ACCESS must be proxy (docker-api-proxy, the default) or socket" >&2; exit 2 ;;
esac
compose() {
  docker compose --progress quiet -p "$PROJECT" "${COMPOSE_FILES[@]}" "$@"
}
selected() {
  [[ -z "${BENCH_ONLY:-}" || ",${BENCH_ONLY// /}," == *",$1,"* ]]
}

# the registrator's log of the run is kept, to explain an odd figure afterwards
keep_logs_and_stop() {
  mkdir -p bench/results
  compose logs --no-color --timestamps registrator > "bench/results/registrator-$(date -u +%Y%m%dT%H%M%SZ).log" 2>&1 || true
  compose --profile removal down -v >/dev/null 2>&1 || true
}
trap keep_logs_and_stop EXIT

echo "== building the applications and the benchmarks"
./mvnw -q -B -Pbench -DskipTests package
# -am: test-support comes from this reactor, not from a local repository a fresh clone does not have (bench is
# built after it, so its classpath is the file's last write)
./mvnw -q -B -Pbench -pl bench -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$ROOT/bench/target/classpath.txt"
CLASSPATH="bench/target/classes:$(cat bench/target/classpath.txt)"

echo "== starting the stack (project $PROJECT; the registrator reads the engine through: ${BENCH_DOCKER_ACCESS:-proxy})"
compose up -d --build --scale service-web=1 --wait >/dev/null

run() {
  java -cp "$CLASSPATH" -Dbench.consul-port="$CONSUL_HTTP_PORT" -Dbench.network="${PROJECT}_default" \
    -Dbench.image="${JRE_IMAGE_NAME:-eclipse-temurin:25-jre}" "$@"
}
if selected registration; then
  echo "== registration latency"
  run -Dbench.runs="${BENCH_RUNS:-50}" -Dbench.registration-warmup-runs="${BENCH_REGISTRATION_WARMUP_RUNS:-20}" \
    dev.servicegov.bench.RegistrationLatency
fi
if selected bursts; then
  echo "== registrator bursts"
  run -Dbench.bursts="${BENCH_BURSTS:-20}" -Dbench.burst-size="${BENCH_BURST_SIZE:-50}" -Dbench.burst-warmup="${BENCH_BURST_WARMUP:-2}" \
    dev.servicegov.bench.RegistratorBurst
fi
if selected agent-wipe; then
  echo "== Consul agent restarted with its data gone"
  run -Dbench.agent-wipe-size="${BENCH_AGENT_WIPE_SIZE:-20}" -Dbench.agent-wipe-runs="${BENCH_AGENT_WIPE_RUNS:-5}" dev.servicegov.bench.AgentWipe
fi
if selected overhead; then
  echo "== gateway overhead"
  run -Dbench.gateway-port="$GATEWAY_PORT" -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" -Dbench.seconds="${BENCH_SECONDS:-15}" -Dbench.warmup-seconds="${BENCH_WARMUP_SECONDS:-60}" \
    -Dbench.references="${BENCH_REFERENCES:-}" dev.servicegov.bench.GatewayOverhead
fi
if selected paced; then
  echo "== gateway latency at steady request rates"
  run -Dbench.gateway-port="$GATEWAY_PORT" -Dbench.rates="${BENCH_RATES:-250,500,750,1000}" -Dbench.seconds="${BENCH_SECONDS:-15}" \
    -Dbench.warmup-seconds="${BENCH_WARMUP_SECONDS:-60}" dev.servicegov.bench.PacedLatency
fi
if selected ready; then
  echo "== app ready -> first request served through the gateway"
  run -Dbench.gateway-port="$GATEWAY_PORT" -Dbench.ready-runs="${BENCH_READY_RUNS:-20}" dev.servicegov.bench.ReadyToServed
fi
if selected removal; then
  echo "== removal latency: consumer-gateway next to the baseline (Spring Cloud defaults), 3 service-web instances"
  compose --profile removal up -d --build --scale service-web=3 --wait >/dev/null
  run -Dbench.gateway-port="$GATEWAY_PORT" -Dbench.baseline-port="$BENCH_BASELINE_PORT" \
    -Dbench.removal-runs="${BENCH_REMOVAL_RUNS:-3}" -Dbench.removal-window-seconds="${BENCH_REMOVAL_WINDOW:-45}" \
    dev.servicegov.bench.RemovalLatency
fi
