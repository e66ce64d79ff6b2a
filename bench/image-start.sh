#!/usr/bin/env bash
# Start time of the service-web and consumer-gateway images, with the ahead-of-time cache their Dockerfiles record and
# without it (the same image and options, with only the class-data archive the JDK ships, as the images had before),
# in the same run: one container alone, then COUNT at once (as when the engine restarts the stack, or a scale-up).
# The figure is Spring Boot's own "process running for", from the JVM's start to the application ready. Containers
# get no network (the gateway starts without Consul and says so), so no traffic leaves them.
# Usage: bench/image-start.sh [rounds]   (BENCH_START_COUNT, default 4)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-3}
COUNT=${BENCH_START_COUNT:-4}
TAG=bench-start
OUT="$ROOT/bench/results"
source "$ROOT/bench/stats.sh"
mkdir -p "$OUT"
cd "$ROOT"

LABEL=servicegov.bench=image-start
cleanup() {
  docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker rmi "servicegov/service-web:$TAG" "servicegov/consumer-gateway:$TAG" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "building the images (the jars come from ./mvnw -DskipTests package)"
TAG=$TAG docker compose build -q service-web consumer-gateway

# start <image> <jar> <aot: on|off> <n>: starts n containers at once, prints each one's seconds to ready
start() {
  local image=$1 jar=$2 aot=$3 n=$4 ids=() id line
  for _ in $(seq 1 "$n"); do
    if [ "$aot" = off ]; then
      id=$(docker run -d --network none --label "$LABEL" --entrypoint java "$image" @/app/jvm.options -jar "/app/jar/$jar") \
        || return 1
    else
      id=$(docker run -d --network none --label "$LABEL" "$image") || return 1
    fi
    ids+=("$id")
  done
  for id in "${ids[@]}"; do
    line=""
    for _ in $(seq 1 240); do
      line=$(docker logs "$id" 2>&1 | grep -o 'process running for [0-9.]*' || true)
      [ -n "$line" ] && break
      sleep 0.25
    done
    [ -n "$line" ] || { echo "no start logged by $image within 60 s:" >&2; docker logs "$id" 2>&1 | tail -5 >&2; return 1; }
    echo "${line##* }"
  done
  docker rm -f "${ids[@]}" >/dev/null
}

# the two variants take turns, round by round, so a slow spell of the machine weighs on both
for app in service-web:service-web.jar consumer-gateway:consumer-gateway.jar; do
  image="servicegov/${app%%:*}:$TAG" jar=${app#*:}
  for n in 1 "$COUNT"; do
    on=() off=()
    for _ in $(seq 1 "$ROUNDS"); do
      times=$(start "$image" "$jar" on "$n") || exit 1
      on+=($times)
      times=$(start "$image" "$jar" off "$n") || exit 1
      off+=($times)
    done
    for aot in on off; do
      declare -n values=$aot
      read -r median p90 worst <<<"$(stats "${values[@]}")"
      printf '%-16s %d at once, AOT cache %-3s  n=%-3d median=%6.2f s  worst=%6.2f s\n' "${app%%:*}" "$n" "$aot" \
        "${#values[@]}" "$median" "$worst"
      printf '{"benchmark":"image-start","app":"%s","atOnce":%d,"aotCache":"%s","n":%d,"medianSeconds":%s,"worstSeconds":%s}\n' \
        "${app%%:*}" "$n" "$aot" "${#values[@]}" "$median" "$worst" >> "$OUT/image-start.jsonl"
      unset -n values
    done
  done
done
