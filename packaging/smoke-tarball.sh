#!/usr/bin/env bash
# Packs hashheat with `npm pack`, installs the tarball globally into a temporary prefix (dependencies from
# the registry, nothing else), then runs `hashheat --help`, a subcommand's help, one tick of the demo, a
# short backtest on the shipped data and `hashheat init`, all from a temporary directory outside the checkout.
# Usage: packaging/smoke-tarball.sh   (dist/ must be built: `npm ci` does that through `prepare`)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$repo"
# `prepare` already built dist/ (npm ci); skip rebuilding it here.
tarball="$(npm pack --ignore-scripts --silent --pack-destination "$tmp")"
npm install -g --prefix "$tmp/prefix" --no-audit --no-fund --loglevel=error "$tmp/$tarball" >/dev/null
bin="$tmp/prefix/bin/hashheat"
pkg="$tmp/prefix/lib/node_modules/hashheat"

cd "$tmp"
"$bin" --help | grep -q 'backtest'
"$bin" probe --help >/dev/null
# The demo, copied out of the package as a user would: one tick, then exit.
cp "$pkg/config/demo.yaml" "$tmp/demo.yaml"
"$bin" run --config "$tmp/demo.yaml" --once --json >"$tmp/tick.json"
grep -q '"decisions"' "$tmp/tick.json"
# A backtest on the data shipped in the package (three days, no report).
"$bin" backtest --config "$pkg/config/backtest-nano.yaml" --to 2024-01-04 --no-report --no-progress --json >"$tmp/bt.json"
grep -q '"optimum"' "$tmp/bt.json"
# hashheat init from the installed package: a config for a heated room, validated before it ends.
"$bin" init --yes --tz UTC --out "$tmp/init/hashheat.yaml" >/dev/null
echo "tarball smoke test: $tarball installs; --help, the demo tick, a backtest and init ran"
