import mqtt, { type MqttClient } from 'mqtt';
import type { EmulatorHandle, Fault } from '../contract/miner-contract.js';

/** A Tasmota plug on a test broker (reference/miners.md §8.2), metering a miner behind it. */
export interface TasmotaEmulator extends EmulatorHandle {
  readonly topic: string;
  readonly on: boolean;
  /** Publishes `tele/<topic>/SENSOR` now (as TelePeriod would). */
  publishTele(): void;
  /** Drops the connection uncleanly: the broker publishes the retained LWT `Offline`. */
  goOffline(): Promise<void>;
  /** Connects again and publishes `Online`. */
  comeBack(): Promise<void>;
  /** Commands received, e.g. `POWER ON`. */
  readonly commands: string[];
  /** What the meter reads while on (W), e.g. a glitch of 1e300 W. */
  setLoadW(powerW: number): void;
  /** Publishes `payload` on `topic` from the plug's own connection, after everything it sent before (a test barrier). */
  publishRaw(topic: string, payload: string): void;
}

/** Options: device topic, the miner's draw when on (W), and the telemetry period (ms, 0 = never). */
export interface TasmotaEmulatorOptions {
  topic?: string;
  loadW?: number;
  telePeriodMs?: number;
}

/**
 * Answers `cmnd/<topic>/POWER` (ON/OFF/TOGGLE/1/0, empty = query) with `stat/<topic>/RESULT` and
 * `stat/<topic>/POWER`, `cmnd/<topic>/Status 10` with `stat/<topic>/STATUS10`, sends
 * `tele/<topic>/SENSOR` every TelePeriod and keeps a retained LWT. Faults: no-answer, slow
 * (1.5 s late), garbage (broken replies), reset (LWT Offline, silent); `goOffline` cuts the
 * connection for real so the broker publishes the will.
 */
export async function startTasmotaEmulator(
  url: string,
  options: TasmotaEmulatorOptions = {},
): Promise<TasmotaEmulator> {
  const topic = options.topic ?? 'tasmota_A1B2C3';
  let loadW = options.loadW ?? 1400;
  let on = false;
  let fault: Fault = 'none';
  let client: MqttClient;
  const commands: string[] = [];

  const energy = () => ({
    TotalStartTime: '2024-01-01T00:00:00',
    Total: 12.5,
    Yesterday: 1.2,
    Today: 0.4,
    Period: 0,
    Power: on ? loadW : 0,
    ApparentPower: on ? loadW + 20 : 0,
    Voltage: 231,
    Current: on ? loadW / 231 : 0,
  });
  const publish = (suffix: string, payload: string, retain = false) => {
    const send = () => client.publish(suffix, payload, { retain });
    if (fault === 'slow') setTimeout(send, 1500);
    else send();
  };
  const stateText = () => (on ? 'ON' : 'OFF');

  function onCommand(command: string, payload: string): void {
    commands.push(`${command} ${payload}`.trim());
    if (fault === 'no-answer' || fault === 'reset') return;
    if (fault === 'garbage') {
      publish(`stat/${topic}/RESULT`, '{"POWER":');
      publish(`stat/${topic}/POWER`, '\u0000\u00ff');
      return;
    }
    if (/^POWER1?$/i.test(command)) {
      const p = payload.trim().toUpperCase();
      if (p === 'ON' || p === '1') on = true;
      else if (p === 'OFF' || p === '0') on = false;
      else if (p === 'TOGGLE' || p === '2') on = !on;
      publish(`stat/${topic}/RESULT`, JSON.stringify({ POWER: stateText() }));
      publish(`stat/${topic}/POWER`, stateText());
    } else if (/^STATUS$/i.test(command) && payload.trim() === '10') {
      const sns = { Time: new Date().toISOString().slice(0, 19), ENERGY: energy() };
      publish(`stat/${topic}/STATUS10`, JSON.stringify({ StatusSNS: sns }));
    } else publish(`stat/${topic}/RESULT`, JSON.stringify({ Command: 'Unknown' }));
  }

  async function connect(): Promise<void> {
    client = mqtt.connect(url, {
      clientId: `DVES_${topic}`,
      reconnectPeriod: 0,
      will: { topic: `tele/${topic}/LWT`, payload: Buffer.from('Offline'), retain: true, qos: 1 },
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    client.on('message', (t, payload) => onCommand(t.split('/').at(-1)!, payload.toString()));
    await client.subscribeAsync(`cmnd/${topic}/+`, { qos: 1 });
    await client.publishAsync(`tele/${topic}/LWT`, 'Online', { retain: true, qos: 1 });
  }

  await connect();
  const timer =
    options.telePeriodMs && options.telePeriodMs > 0
      ? setInterval(() => emulator.publishTele(), options.telePeriodMs)
      : undefined;

  const emulator: TasmotaEmulator = {
    topic,
    commands,
    setLoadW(powerW) {
      loadW = powerW;
    },
    publishRaw(rawTopic, payload) {
      client.publish(rawTopic, payload);
    },
    get on() {
      return on;
    },
    publishTele() {
      if (fault !== 'none' || !client.connected) return;
      const time = new Date().toISOString().slice(0, 19);
      client.publish(`tele/${topic}/STATE`, JSON.stringify({ Time: time, POWER: stateText() }));
      client.publish(`tele/${topic}/SENSOR`, JSON.stringify({ Time: time, ENERGY: energy() }));
    },
    async goOffline() {
      client.stream.destroy();
      await new Promise((r) => setTimeout(r, 50));
    },
    async comeBack() {
      client.end(true);
      await connect();
    },
    setFault(next) {
      // `reset` = offline: the retained LWT says Offline (as the broker's will would) and nothing answers.
      if (next === 'reset') client.publish(`tele/${topic}/LWT`, 'Offline', { retain: true, qos: 1 });
      else if (fault === 'reset') client.publish(`tele/${topic}/LWT`, 'Online', { retain: true, qos: 1 });
      fault = next;
    },
    async close() {
      if (timer) clearInterval(timer);
      await client.endAsync(true);
    },
  };
  return emulator;
}
