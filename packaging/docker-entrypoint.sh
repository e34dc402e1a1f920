#!/bin/sh
# Entrypoint of the hashheat image. With no arguments it runs the agent on $HASHHEAT_CONFIG
# (default /config/hashheat.yaml); `run`, `check`, `signals` and `override` get that config too;
# anything else (`--help`, `init …`, `probe …`, `backtest …`) goes to hashheat unchanged.
# HASHHEAT_BIN replaces the hashheat command (the tests run the checkout's build with it).
set -eu
config="${HASHHEAT_CONFIG:-/config/hashheat.yaml}"
bin="${HASHHEAT_BIN:-hashheat}"
[ "$#" -eq 0 ] && set -- run
case "$1" in
  run | check | signals | override)
    if [ ! -f "$config" ]; then
      echo "hashheat: no config at $config." >&2
      echo "  Write one: docker compose run --rm hashheat init --out $config" >&2
      echo "  (or mount your own file there, or set HASHHEAT_CONFIG)." >&2
      exit 2
    fi
    command="$1"
    shift
    # shellcheck disable=SC2086 # HASHHEAT_BIN may be "node /path/main.js"
    exec $bin "$command" --config "$config" "$@"
    ;;
  *)
    # shellcheck disable=SC2086
    exec $bin "$@"
    ;;
esac
