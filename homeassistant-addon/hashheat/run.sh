#!/usr/bin/env bash
# Add-on entrypoint: turns the add-on options (/data/options.json) into a hashheat config, with the MQTT
# broker from the Supervisor's service discovery (the Mosquitto add-on), then runs the agent.
# MQTT via bashio::services as in home-assistant/addons (e.g. zwave/rootfs/etc/cont-init.d/mqtt.sh).
# The paths can be overridden for tests: BASHIO_LIB, ADDON_OPTIONS, ADDON_CONFIG, HASHHEAT_BIN.
set -euo pipefail
# shellcheck source=/dev/null
source "${BASHIO_LIB:-/usr/lib/bashio/bashio.sh}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
options="${ADDON_OPTIONS:-/data/options.json}"
config="${ADDON_CONFIG:-/data/hashheat.yaml}"

if bashio::services.available "mqtt"; then
  HASHHEAT_MQTT_HOST="$(bashio::services "mqtt" "host")"
  HASHHEAT_MQTT_PORT="$(bashio::services "mqtt" "port")"
  HASHHEAT_MQTT_SSL="$(bashio::services "mqtt" "ssl")"
  HASHHEAT_MQTT_USERNAME="$(bashio::services "mqtt" "username")"
  # The password stays in the environment: the config file only references ${HASHHEAT_MQTT_PASSWORD}.
  HASHHEAT_MQTT_PASSWORD="$(bashio::services "mqtt" "password")"
  export HASHHEAT_MQTT_HOST HASHHEAT_MQTT_PORT HASHHEAT_MQTT_SSL HASHHEAT_MQTT_USERNAME HASHHEAT_MQTT_PASSWORD
  bashio::log.info "MQTT broker from the Supervisor: ${HASHHEAT_MQTT_HOST}:${HASHHEAT_MQTT_PORT}"
else
  bashio::log.warning "No MQTT service: install the Mosquitto broker add-on, or Home Assistant will not see hashheat."
fi

node "${here}/options-to-config.mjs" "$options" "$config"
bashio::log.info "Config written to ${config}"
# shellcheck disable=SC2086 # HASHHEAT_BIN may be "node /path/main.js"
exec ${HASHHEAT_BIN:-hashheat} run --config "$config"
