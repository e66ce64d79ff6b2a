#!/usr/bin/env bash
# The registrator's JVM options against its start -> registered latency and its memory: on one bench stack, the
# registrator is recreated with each variant's options in turn (after the image's jvm.options, so they win), then
# RegistrationLatency runs (ours and the zero-work registrator on the same starts), or RegistratorBurst (bursts of 50
# containers). Prints, per variant and round: the latency or burst lines, the registrator's code-cache use, the
# collections during the run (warm-up rounds included, the JVM's start-up ones not) with their pauses, and its memory
# (cgroup usage, page cache, anonymous RSS).
#   bench/registrator-jvm-variants.sh                            as configured and with the JVM's usual compile thresholds
#   VARIANTS="as-configured=;scaled-005=-XX:CompileThresholdScaling=0.05" bench/registrator-jvm-variants.sh
#   ROUNDS=2 RUNS=30 WARMUP=20                                   the defaults: rounds, recorded starts, unrecorded rounds
#   BENCHMARK=bursts BURSTS=10                                   RegistratorBurst instead (bursts of 50 after 2 unrecorded)
# Stops itself, tears its stack down.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PROJECT=${BENCH_PROJECT:-sgjvm}
export BENCH_STACK=$PROJECT TAG=${TAG:-$PROJECT} CONSUL_HTTP_PORT=${BENCH_CONSUL_PORT:-18800} GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18880}
# a network of its own, next to yours (a plain assignment, so that set -e stops the script when none is free)
STACK_SUBNET_PREFIX=${STACK_SUBNET_PREFIX:-$(scripts/free-subnet-prefix.sh)}
export STACK_SUBNET_PREFIX
VARIANTS=${VARIANTS:-"as-configured=;usual-thresholds=-XX:CompileThresholdScaling=1.0"}
ROUNDS=${ROUNDS:-2} RUNS=${RUNS:-30} WARMUP=${WARMUP:-20} BENCHMARK=${BENCHMARK:-registration} BURSTS=${BURSTS:-10}
case $BENCHMARK in registration | bursts) ;; *) echo "BENCHMARK must be registration or bursts, not $BENCHMARK" >&2; exit 2 ;; esac
JRE_IMAGE_NAME=$(sed -n 's/^JRE_IMAGE=//p' .env 2>/dev/null || true)
OVERRIDE=bench/target/registrator-jvm-variant.yml

compose() {
  docker compose --progress quiet -p "$PROJECT" -f docker-compose.yml -f bench/docker-compose.bench.yml -f "$OVERRIDE" "$@"
}
trap 'compose down -v >/dev/null 2>&1 || true' EXIT

echo "== building the applications and the benchmarks"
./mvnw -q -B -Pbench -DskipTests package
./mvnw -q -B -Pbench -pl bench -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$ROOT/bench/target/classpath.txt"
CLASSPATH="bench/target/classes:$(cat bench/target/classpath.txt)"
# the image's own command with the variant's options after jvm.options (REGISTRATOR_JVM_VARIANT, set per variant below)
cat > "$OVERRIDE" <<'YAML'
services:
  registrator:
    entrypoint: java @/app/jvm.options ${REGISTRATOR_JVM_VARIANT:-} -Xlog:gc:file=/tmp/gc.log:uptime -XX:AOTCache=/app/registrator.aot -jar /app/jar/registrator-agent.jar
YAML

echo "== starting the stack (project $PROJECT)"
export REGISTRATOR_JVM_VARIANT=
compose up -d --build --scale service-web=1 --wait >/dev/null

# lines in the registrator's GC log so far
gc_log_lines() {
  docker exec "$(compose ps -q registrator)" sh -c 'wc -l < /tmp/gc.log'
}

# the registrator's code cache (its actuator, on the stack's network), its collections since GC log line $1, and its
# memory (the engine's stats)
report() {
  local id ip
  id=$(compose ps -q registrator)
  ip=$(docker inspect -f "{{with index .NetworkSettings.Networks \"${PROJECT}_default\"}}{{.IPAddress}}{{end}}" "$id")
  curl -fsS "http://$ip:8080/actuator/prometheus" | grep -E '^jvm_memory_used_bytes\{.*CodeCache' || true
  docker exec "$id" sh -c "tail -n +$(($1 + 1)) /tmp/gc.log" | awk '/ Pause / {
      kind = $4; for (i = 5; i < NF - 1; i++) kind = kind " " $i
      pause = $NF; sub("ms", "", pause); count[kind]++; total[kind] += pause; if (pause + 0 > longest[kind]) longest[kind] = pause + 0 }
    END { for (kind in count) printf "collections during the run: %d x %s, %.0f ms in all, longest %.0f ms\n", count[kind], kind, total[kind], longest[kind] }'
  curl -fsS --unix-socket /var/run/docker.sock "http://localhost/containers/$id/stats?stream=false" | python3 -c '
import json, sys
memory = json.load(sys.stdin)["memory_stats"]
stats = memory.get("stats", {})
mib = lambda key: stats.get(key, 0) / 1048576
print("memory: usage %.1f MiB, page cache %.1f MiB, anonymous RSS %.1f MiB"
      % (memory["usage"] / 1048576, mib("cache") or mib("file"), mib("rss") or mib("anon")))'
}

IFS=';' read -ra ENTRIES <<< "$VARIANTS"
for round in $(seq "$ROUNDS"); do
  for entry in "${ENTRIES[@]}"; do
    name=${entry%%=*}
    export REGISTRATOR_JVM_VARIANT=${entry#*=}
    compose up -d --force-recreate --wait registrator >/dev/null 2>&1
    sleep 20 # the JVM's start-up collections, before the mark
    mark=$(gc_log_lines)
    echo "== $name (${REGISTRATOR_JVM_VARIANT:-jvm.options as they are}), round $round"
    bench=(java -cp "$CLASSPATH" -Dbench.consul-port="$CONSUL_HTTP_PORT" -Dbench.network="${PROJECT}_default"
      -Dbench.image="${JRE_IMAGE_NAME:-eclipse-temurin:25-jre}")
    case $BENCHMARK in
      registration) "${bench[@]}" -Dbench.runs="$RUNS" -Dbench.registration-warmup-runs="$WARMUP" \
          dev.servicegov.bench.RegistrationLatency | grep -E 'in the agent|register call alone' || true ;;
      bursts) "${bench[@]}" -Dbench.bursts="$BURSTS" dev.servicegov.bench.RegistratorBurst \
          | grep -E 'memory idle|all 50|memory after|lost:' || true ;;
    esac
    report "$mark"
  done
done
