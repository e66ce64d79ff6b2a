#!/usr/bin/env bash
# Prints the first three octets of a /24 that no network of this Docker engine overlaps, for the stack's network:
#   STACK_SUBNET_PREFIX=$(scripts/free-subnet-prefix.sh) docker compose up -d --build --scale service-web=3
# It tries docker-compose.yml's default (10.213.47) first, then the rest of 10.213.0.0/16, which lies outside
# Docker's own address pools. The tests and benchmarks use it to run next to a stack of yours.
set -euo pipefail

as_number() { # dotted IPv4 -> integer
  local IFS=.
  set -- $1
  echo $(( ($1 << 24) + ($2 << 16) + ($3 << 8) + $4 ))
}

# every IPv4 subnet the engine's networks use, as "address/bits"
taken=$(docker network ls -q | xargs -r docker network inspect --format '{{range .IPAM.Config}}{{.Subnet}} {{end}}' \
  | tr ' ' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/[0-9]+$' || true)

# two subnets overlap when their addresses agree on the shorter of the two prefixes
overlaps_a_taken_one() {
  local candidate=$1 net address bits mask
  for net in $taken; do
    address=$(as_number "${net%/*}")
    bits=${net#*/}
    (( bits > 24 )) && bits=24
    mask=$(( bits == 0 ? 0 : (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF ))
    (( (address & mask) == (candidate & mask) )) && return 0
  done
  return 1
}

for third in 47 $(seq 48 255) $(seq 0 46); do
  if ! overlaps_a_taken_one "$(as_number "10.213.$third.0")"; then
    echo "10.213.$third"
    exit 0
  fi
done
echo "free-subnet-prefix: every /24 of 10.213.0.0/16 overlaps a Docker network of this engine;" \
  "set STACK_SUBNET_PREFIX to the first three octets of a free /24 yourself" >&2
exit 1
