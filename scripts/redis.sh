#!/usr/bin/env bash
# Redis for the integration tests of warp-cache-redis.
#
#   scripts/redis.sh install   installs redis-server and redis-cli from the distribution's packages
#                              unless both are already on the PATH, and leaves no Redis service
#                              running
#   scripts/redis.sh path      prints the path of redis-server (fails if it is not installed)
#
# The tests start and stop their own redis-server (a child process on 127.0.0.1 and a free port),
# and for the Redis Cluster tests three of them in cluster mode, joined with redis-cli; they run
# "install" themselves when either program is missing.
set -euo pipefail

usage() {
  echo "usage: $0 install|path" >&2
  exit 2
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

install_redis() {
  if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
    echo "redis-server is already installed: $(command -v redis-server)"
    return 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  # The package's maintainer scripts would start a Redis service on the default port: forbid it
  # with a policy-rc.d for the time of the install, and stop one anyway if it came up.
  local policy=/usr/sbin/policy-rc.d
  local had_policy=0
  if as_root test -e "$policy"; then
    had_policy=1
  else
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
  fi
  local status=0
  as_root apt-get update -q || status=$?
  if [ "$status" -eq 0 ]; then
    # redis-cli is in redis-tools, which redis-server depends on; named anyway, for an install
    # where redis-server is present and redis-cli is not.
    as_root apt-get install -y -q --no-install-recommends redis-server redis-tools || status=$?
  fi
  if [ "$had_policy" -eq 0 ]; then
    as_root rm -f "$policy"
  fi
  as_root service redis-server stop >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ]; then
    echo "installing redis-server and redis-tools failed" >&2
    return "$status"
  fi
  local program
  for program in redis-server redis-cli; do
    command -v "$program" >/dev/null 2>&1 || {
      echo "$program is still not on the PATH" >&2
      return 1
    }
  done
  echo "installed $(redis-server --version)"
}

[ $# -eq 1 ] || usage
case "$1" in
  install) install_redis ;;
  path) command -v redis-server ;;
  *) usage ;;
esac
