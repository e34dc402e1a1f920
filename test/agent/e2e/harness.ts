import { expect } from 'vitest';
import { type Agent, createAgent } from '../../../src/agent/agent.js';
import { manualScheduler } from '../../../src/agent/scheduler.js';
import type { Decision } from '../../../src/core/decision.js';
import type { MinerStatus } from '../../../src/core/types.js';
import type { MqttBus } from '../../../src/mqtt/bus.js';
import { simulatedConfig, tempDataDir } from '../../fakes/agent-config.js';
import { FakeClock } from '../../fakes/clock.js';
import { captureLogger } from '../../fakes/logger.js';

/** Guards off: every tick shows the decision itself, nothing holds a level. */
const NO_GUARDS =
  '{ minOnSeconds: 0, minOffSeconds: 0, minDwellSeconds: 0, hysteresisPerHour: 0, enableDelaySeconds: 0, disableDelaySeconds: 0 }';

/** A warm living room (°C): above the 21 °C target, below the 23 °C maximum, so heat is worth nothing. */
export const WARM_C = 22.5;

/** An agent under test on a fake clock, with its captured log. */
export interface E2eAgent {
  agent: Agent;
  clock: FakeClock;
  log: ReturnType<typeof captureLogger>;
  /** One tick; returns `minerId`'s decision in it. */
  tickFor(minerId: string): Promise<Decision>;
  /** One tick, then the status `minerId` answered at its start (the state the last command left). */
  readBack(minerId: string): Promise<MinerStatus>;
  /** Feeds a warm reading for the living room (as a sensor would). */
  warmRoom(): void;
  /** Feeds a grid meter reading (W, import positive), as a meter on MQTT would. */
  grid(powerW: number): void;
  /** Lets `ms` pass on the fake clock in small steps, with real socket I/O in between. */
  runFor(ms: number): Promise<void>;
  /** Levels the agent saw a miner take (`command taken`), in order. */
  taken(minerId: string): string[];
  /** Log lines with this message (for "logged once"). */
  count(message: string): number;
  stop(): Promise<void>;
}

/**
 * Starts the agent on the test config (cold living room at 19 °C, resistive heating at 0.30/kWh,
 * hashprice 0.034/TH/day, no guards) with `miners` (YAML list items) and `yaml` (extra sections).
 * A cold room makes the heat pay for the power, so the top running level wins; a warm one makes
 * every miner here lose money, so `off` wins. Tests give devices `timeoutMs: 2000`: nothing should
 * time out on the happy path, and a loaded machine must not turn a slow reply into a failure.
 */
export async function startE2eAgent(options: {
  miners: string;
  yaml?: string;
  mqtt?: MqttBus;
  /** Pass one when an emulator should share the agent's time. */
  clock?: FakeClock;
  /** The agent's data directory (a restart reuses its predecessor's); a fresh one by default. */
  dataDir?: string;
  /** The site's guards (YAML flow map); none by default. */
  guards?: string;
}): Promise<E2eAgent> {
  const clock = options.clock ?? new FakeClock();
  const log = captureLogger();
  const config = simulatedConfig({
    dataDir: options.dataDir ?? tempDataDir(),
    miners: options.miners,
    guards: options.guards ?? NO_GUARDS,
    ...(options.yaml ? { yaml: options.yaml } : {}),
  });
  const agent = await createAgent(config, {
    clock,
    logger: log.logger,
    scheduler: manualScheduler,
    ...(options.mqtt ? { mqtt: options.mqtt } : {}),
  });
  await agent.start();
  const tickFor = async (minerId: string) => {
    const record = await agent.tick();
    const decision = record?.decisions.find((d) => d.minerId === minerId);
    expect(decision, `a decision for ${minerId}`).toBeDefined();
    return decision!;
  };
  return {
    agent,
    clock,
    log,
    tickFor,
    async readBack(minerId) {
      await tickFor(minerId);
      return agent.statuses()[minerId]!;
    },
    warmRoom() {
      const reading = { value: WARM_C, at: clock.now(), source: 'test' };
      agent.store.update({ key: 'zone.living.tempC', reading });
    },
    grid(powerW) {
      agent.store.update({ key: 'grid.powerW', reading: { value: powerW, at: clock.now(), source: 'test' } });
    },
    async runFor(ms) {
      for (let t = 0; t < ms; t += 50) {
        await clock.advance(50);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
    taken: (minerId) =>
      log.entries
        .filter((e) => e.msg === 'command taken' && e.miner === minerId)
        .map((e) => String(e.levelId)),
    count: (message) => log.messages().filter((m) => m === message).length,
    stop: () => agent.stop({ applyOnExit: false }),
  };
}

/** Collects unhandled rejections while a test runs; `stop()` returns them. */
export function watchUnhandled(): { stop(): unknown[] } {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onUnhandled);
  return {
    stop() {
      process.off('unhandledRejection', onUnhandled);
      return seen;
    },
  };
}
