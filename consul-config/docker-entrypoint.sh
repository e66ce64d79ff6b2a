#!/bin/sh
# Entry point of the locally built Consul image (scripts/local-images.sh). It behaves like the
# official hashicorp/consul entry point for the commands docker-compose.yml uses, so one compose
# file runs on both: "agent ..." becomes "consul agent -data-dir=/consul/data
# -config-dir=/consul/config ...", anything else runs as given.
set -e
if [ "$1" = "agent" ]; then
  shift
  set -- consul agent -data-dir=/consul/data -config-dir=/consul/config "$@"
elif [ "${1#-}" != "$1" ]; then
  set -- consul "$@"
fi
exec "$@"
