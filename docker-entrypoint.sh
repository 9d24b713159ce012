#!/bin/sh
# Runs the hub as the unprivileged user `ganymede`, with the group that owns the Docker socket
# (its id differs from host to host, so it is read here rather than fixed in the image).
set -eu
if [ "$(id -u)" != 0 ]; then exec "$@"; fi

groups="--clear-groups"
socket="${DOCKER_HOST:-unix:///var/run/docker.sock}"
case "$socket" in
  unix://*)
    socket="${socket#unix://}"
    if [ -S "$socket" ]; then
      groups="--groups=$(stat -c %g "$socket")"
    else
      echo "docker-entrypoint: no Docker socket at $socket; mount it (-v /var/run/docker.sock:$socket)" >&2
    fi
    ;;
esac
# State restored or edited as root (`ganymede restore`, `docker exec`) is handed to the hub's user.
data="${GANYMEDE_DATA_DIR:-/data}"
if [ -d "$data" ] && [ -n "$(find "$data" ! -user ganymede -print -quit)" ]; then
  chown -R ganymede:ganymede "$data"
fi
exec setpriv --reuid=ganymede --regid=ganymede "$groups" --inh-caps=-all -- "$@"
