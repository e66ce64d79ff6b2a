#!/usr/bin/env bash
# What each of the gateway's features costs per request: the consumer-gateway jar runs on the host, once per variant
# (the same jar with some properties overridden), in front of the bench stack's service-web instance, and wrk (c=16)
# loads it and the instance directly, alternating. The reference proxies (bench/reference-gateways: Spring Cloud Gateway
# as it comes, Jetty's and Vert.x's bare proxies) run the same way as the last variants. Prints, per variant and round:
# requests/s, p50, p99, and the gateway's CPU per request.
#   bench/gateway-variants.sh                                   all variants (~25 min)
#   VARIANTS=as-configured,no-retry bench/gateway-variants.sh   some of them (names below)
#   VARIANTS=as-configured,parallel-gc bench/gateway-variants.sh    JVM-level variants too (JVM_VARIANTS, not run by default)
#   WARMUP=60 SECONDS_EACH=15 ROUNDS=2                          the defaults: warm-up under load, each measurement, rounds
# Needs wrk (apt-get install wrk) and Java 17 or later as `java` (or JAVA=...). Stops itself, tears its stack down.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
PROJECT=${BENCH_PROJECT:-sgvariants}
export BENCH_STACK=$PROJECT TAG=${TAG:-$PROJECT} CONSUL_HTTP_PORT=${BENCH_CONSUL_PORT:-18700} GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18780}
# a network of its own, next to yours (a plain assignment, so that set -e stops the script when none is free)
STACK_SUBNET_PREFIX=${STACK_SUBNET_PREFIX:-$(scripts/free-subnet-prefix.sh)}
export STACK_SUBNET_PREFIX
JAVA=${JAVA:-java}
PORT=${VARIANT_PORT:-18790}
WARMUP=${WARMUP:-60} SECONDS_EACH=${SECONDS_EACH:-15} ROUNDS=${ROUNDS:-2}
ALL="as-configured,no-retry,virtual-threads,jetty-selectors-2,jetty-no-acceptor,scg-reference,jetty-reference,vertx-reference"
# JVM-level variants, not in ALL: the gateway as configured with other JVM settings
JVM_VARIANTS="parallel-gc,big-young-gen,compact-headers,profiled"
VARIANTS=${VARIANTS:-$ALL}
GATEWAY_JAR=consumer-gateway/target/consumer-gateway.jar
REFERENCES=bench/reference-gateways

compose() {
  docker compose --progress quiet -p "$PROJECT" -f docker-compose.yml -f bench/docker-compose.bench.yml "$@"
}
GATEWAY_PID=
stop_gateway() {
  [[ -n $GATEWAY_PID ]] && { kill "$GATEWAY_PID" 2>/dev/null; wait "$GATEWAY_PID" 2>/dev/null || true; }
  GATEWAY_PID=
}
trap 'stop_gateway; compose down -v >/dev/null 2>&1 || true' EXIT

echo "== building the gateway and the reference proxies"
./mvnw -q -B -Pbench -DskipTests package -pl consumer-gateway,$REFERENCES/scg-webflux,$REFERENCES/jetty-proxy,$REFERENCES/vertx-proxy -am
mkdir -p bench/target
echo "== starting the stack (project $PROJECT); its own gateway stopped, the variants run on the host"
compose up -d --build --scale service-web=1 --wait >/dev/null
compose stop consumer-gateway >/dev/null
DIRECT_PORT=$(compose port service-web 8080 | sed 's/.*://')
INSTANCE_IP=$(docker inspect -f "{{with index .NetworkSettings.Networks \"${PROJECT}_default\"}}{{.IPAddress}}{{end}}" \
  "$(compose ps -q service-web)")
echo "direct: 127.0.0.1:$DIRECT_PORT (instance $INSTANCE_IP:8080); gateway variants on 127.0.0.1:$PORT, $("$JAVA" -version 2>&1 | head -1)"

# the gateway's own CPU time so far, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$GATEWAY_PID/stat"; }

# measure URL LABEL VARIANT: one wrk spell, printed as one line
measure() {
  local before after out requests
  before=$(cpu_ticks)
  out=$(wrk -t2 -c16 -d"${SECONDS_EACH}s" --latency "$1")
  after=$(cpu_ticks)
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  printf '%-22s %-8s requests/s %8s  p50 %9s  p99 %9s  gateway CPU per request %4s us\n' "$3" "$2" \
    "$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")" "$(awk '$1 == "50%" {print $2}' <<<"$out")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(awk -v ticks=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", ticks * 1e6 / hz / n}')"
}

# jvm_options NAME: for a JVM-level variant (the gateway as configured, other JVM settings), sets
# JVM_EXTRA to its options on top of the image's own and succeeds; fails for any other name
JVM_EXTRA=()
jvm_options() {
  case $1 in
    # the image's serial collector against the parallel one (the last option wins)
    parallel-gc) JVM_EXTRA=(-XX:-UseSerialGC -XX:+UseParallelGC) ;;
    # fewer young collections
    big-young-gen) JVM_EXTRA=(-Xmn256m) ;;
    # 8-byte object headers instead of 12 (JDK 24 and later): less to allocate and collect per request
    compact-headers) JVM_EXTRA=(-XX:+UseCompactObjectHeaders) ;;
    # as configured, with a flight recording of where its CPU goes: bench/target/variant-profiled.jfr
    profiled) JVM_EXTRA=(-XX:StartFlightRecording=filename=bench/target/variant-profiled.jfr,settings=profile,jdk.ExecutionSample#period=1ms) ;;
    *) return 1 ;;
  esac
}

# variant NAME PATH JAR [ARGS...]: starts the jar, warms it up, measures ROUNDS x (direct, gateway), stops it
variant() {
  local name=$1 path=$2 jar=$3 code=
  shift 3
  # the gateway image's JVM options (consumer-gateway/jvm.options), for every variant alike
  PORT=$PORT UPSTREAM="http://$INSTANCE_IP:8080" "$JAVA" @consumer-gateway/jvm.options "${JVM_EXTRA[@]}" -jar "$jar" --server.port="$PORT" \
    --spring.cloud.consul.host=127.0.0.1 --spring.cloud.consul.port="$CONSUL_HTTP_PORT" "$@" >"bench/target/variant-$name.log" 2>&1 &
  GATEWAY_PID=$!
  for _ in $(seq 1 120); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path" || true)
    [[ $code == 200 ]] && break
    sleep 0.5
  done
  if [[ $code != 200 ]]; then
    echo "$name: no answer on $path within 60 s (last status $code); its log: bench/target/variant-$name.log" >&2
    stop_gateway
    return 1
  fi
  wrk -t2 -c16 -d"${WARMUP}s" "http://127.0.0.1:$PORT$path" >/dev/null
  for _ in $(seq 1 "$ROUNDS"); do
    measure "http://127.0.0.1:$DIRECT_PORT/whoami" direct "$name"
    measure "http://127.0.0.1:$PORT$path" gateway "$name"
  done
  stop_gateway
}

echo "== variants (c=16, ${WARMUP} s warm-up, ${ROUNDS} x ${SECONDS_EACH} s each way)"
for name in ${VARIANTS//,/ }; do
  JVM_EXTRA=()
  if jvm_options "$name"; then
    variant "$name" /service-web/whoami "$GATEWAY_JAR"
    continue
  fi
  case $name in
    as-configured) variant "$name" /service-web/whoami "$GATEWAY_JAR" ;;
    # no retries: a request is tried once
    no-retry) variant "$name" /service-web/whoami "$GATEWAY_JAR" --gateway.proxy.retries=0 ;;
    # Jetty runs the handlers on virtual threads
    virtual-threads) variant "$name" /service-web/whoami "$GATEWAY_JAR" --spring.threads.virtual.enabled=true ;;
    # Jetty's server: two selector threads instead of one (its default on 2 cores), or none of its own to accept
    jetty-selectors-2) variant "$name" /service-web/whoami "$GATEWAY_JAR" --server.jetty.threads.selectors=2 ;;
    jetty-no-acceptor) variant "$name" /service-web/whoami "$GATEWAY_JAR" --server.jetty.threads.acceptors=0 ;;
    # the references of bench/run.sh's overhead benchmark, one static route each: Spring Cloud Gateway as it comes,
    # Jetty's proxy handler and Vert.x's reverse proxy, bare
    scg-reference) variant "$name" /service-web/whoami "$REFERENCES/scg-webflux/target/reference-scg-webflux.jar" ;;
    jetty-reference) variant "$name" /service-web/whoami "$REFERENCES/jetty-proxy/target/reference-jetty-proxy.jar" ;;
    vertx-reference) variant "$name" /service-web/whoami "$REFERENCES/vertx-proxy/target/reference-vertx-proxy.jar" ;;
    *) echo "unknown variant $name (one of $ALL,$JVM_VARIANTS)" >&2; exit 2 ;;
  esac
done
