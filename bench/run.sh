#!/usr/bin/env bash
# Runs the registrator benchmarks against a stack of its own (compose project sgbench, Consul on
# 127.0.0.1:18600), prints the figures and appends them to bench/results/*.jsonl. Bounded, stops itself.
#   bench/run.sh          registration latency (50 starts), bursts (20 x 50), gateway overhead (c=16)
#   BENCH_RUNS=10 BENCH_BURSTS=2 bench/run.sh   a quicker look
# The leader failover benchmark is separate: bench/leader-failover.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PROJECT=sgbench
export CONSUL_HTTP_PORT=${BENCH_CONSUL_PORT:-18600} GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18680}
JRE_IMAGE_NAME=$(sed -n 's/^JRE_IMAGE=//p' .env 2>/dev/null || true)

trap 'docker compose -p "$PROJECT" -f docker-compose.yml -f bench/docker-compose.bench.yml down -v >/dev/null 2>&1 || true' EXIT

echo "== building the applications and the benchmarks"
./mvnw -q -B -Pbench -DskipTests package
./mvnw -q -B -Pbench -pl bench dependency:build-classpath -Dmdep.outputFile="$ROOT/bench/target/classpath.txt"
CLASSPATH="bench/target/classes:$(cat bench/target/classpath.txt)"

echo "== starting the stack (project $PROJECT)"
docker compose -p "$PROJECT" -f docker-compose.yml -f bench/docker-compose.bench.yml \
  up -d --build --scale service-web=1 --wait >/dev/null

run() {
  java -cp "$CLASSPATH" -Dbench.consul-port="$CONSUL_HTTP_PORT" -Dbench.network="${PROJECT}_default" \
    -Dbench.image="${JRE_IMAGE_NAME:-eclipse-temurin:21-jre}" "$@"
}
echo "== registration latency"
run -Dbench.runs="${BENCH_RUNS:-50}" dev.servicegov.bench.RegistrationLatency
echo "== registrator bursts"
run -Dbench.bursts="${BENCH_BURSTS:-20}" -Dbench.burst-size="${BENCH_BURST_SIZE:-50}" dev.servicegov.bench.RegistratorBurst
echo "== gateway overhead"
run -Dbench.gateway-port="$GATEWAY_PORT" -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" -Dbench.seconds="${BENCH_SECONDS:-15}" \
  dev.servicegov.bench.GatewayOverhead
