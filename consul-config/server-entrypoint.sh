#!/bin/sh
# Entry point of the Consul servers (docker-compose.yml), in front of the image's own, official or local.
# A server whose data directory is new (its first start, or its volume lost) takes the node id in
# NODE_ID_WHEN_DATA_IS_NEW, so a server that lost its data comes back as the node the cluster knows. With a new
# random id, Raft takes it back but the catalog keeps the old id under its name and refuses the new one ("Node name
# consul-server-N is reserved by node <old id>") for as long as the name is alive, which is for ever: the server's own
# state never syncs again. A server that has an id keeps it: the Raft peer set knows the servers by id, and three
# servers changing theirs at once (as one `docker compose up` would) left the cluster without a stable leader (tried).
set -e
id_file=/consul/data/node-id
if [ -n "$NODE_ID_WHEN_DATA_IS_NEW" ] && [ ! -s "$id_file" ]; then
  umask 022 # readable by the user Consul runs as in the official image
  printf '%s' "$NODE_ID_WHEN_DATA_IS_NEW" > "$id_file"
  echo "server-entrypoint: new data directory, node id $NODE_ID_WHEN_DATA_IS_NEW"
fi
exec docker-entrypoint.sh "$@"
