#!/bin/sh
# Runs the hub as the unprivileged user `ganymede`, with the group that owns the Docker socket
# (its id differs from host to host, so it is read here rather than fixed in the image).
set -eu
if [ "$(id -u)" != 0 ]; then exec "$@"; fi

groups=""
case "${DOCKER_HOST:-unix:///var/run/docker.sock}" in
  unix://*)
    socket="${DOCKER_HOST:-unix:///var/run/docker.sock}"
    socket="${socket#unix://}"
    if [ -S "$socket" ]; then
      groups=$(stat -c %g "$socket")
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
if [ -n "$groups" ]; then supplementary="--groups=$groups"; else supplementary="--clear-groups"; fi
exec setpriv --reuid=ganymede --regid=ganymede "$supplementary" --inh-caps=-all -- "$@"
