#!/bin/sh
# Entry point of docker-api-proxy (docker-compose.yml). nginx's workers, which serve every request, run as the user
# nginx (uid 101, the official image's) with the Docker socket's group, whatever that group's id is on this host; the
# master stays root, as in the official image, only to start them. Compose used to give the group by number (DOCKER_GID,
# default 999), which is another number on many hosts: the proxy could not open the socket, and the registrator, which
# waits for it, never started.
set -eu

socket=/var/run/docker.sock
conf=/etc/servicegov/docker-api-proxy.conf
say() { echo "docker-api-proxy: $*" >&2; }

if [ ! -S "$socket" ]; then
  say "no Docker socket at $socket: mount the engine's socket there (-v /var/run/docker.sock:/var/run/docker.sock:ro)"
  exit 1
fi

if [ "$(id -u)" != 0 ]; then
  # started as a user already (docker run --user 101:101 --group-add <the socket's group>): nothing to set up
  exec nginx -e stderr -c "$conf" -g "daemon off;"
fi

gid=$(stat -c %g "$socket")
mode=$(stat -c %A "$socket")
grep -q '^nginx:' /etc/passwd || echo 'nginx:x:101:101:nginx:/nonexistent:/bin/false' >> /etc/passwd
grep -q '^[^:]*:[^:]*:101:' /etc/group || echo 'nginx:x:101:' >> /etc/group
# the group with the socket's id, made when the image has none
group=$(awk -F: -v gid="$gid" '$3 == gid { print $1; exit }' /etc/group)
if [ -z "$group" ]; then
  group=docker-socket-$gid
  echo "$group:x:$gid:" >> /etc/group
fi

case "$mode" in
  ????rw????) workers="nginx $group" ;;
  *)
    # e.g. srwxr-xr-x root:root: only root may connect
    workers="root root"
    say "WARNING: the socket's group ($gid) may not write to it ($mode), so nginx's workers run as root." \
      "The registrator still holds no socket and may only read through this proxy." ;;
esac
say "workers run as $workers (the socket: group $gid, $mode)"
exec nginx -e stderr -c "$conf" -g "user $workers; daemon off;"
