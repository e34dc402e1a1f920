import { readFileSync } from 'node:fs';
import { houseHistoryFromCsv } from '../backtest/house-history.js';
import { parseUtcOffset, type TimeBasis } from '../backtest/series.js';
import { fitHouse } from '../core/house-fit.js';
import { isKnownTimeZone } from '../time-zones.js';

/** Options of `hashheat house fit`. */
export interface HouseFitOptions {
  csv: string;
  room: string;
  outdoor: string;
  power: string;
  step: string;
  tz: string;
  json?: boolean;
}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function basisOf(tz: string): TimeBasis | undefined {
  const offset = parseUtcOffset(tz);
  if (offset !== undefined) return { offsetMinutes: offset };
  return isKnownTimeZone(tz) ? tz : undefined;
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '?');

/**
 * `hashheat house fit --csv FILE`: heat-loss coefficient, capacity and gains of a room from a recorded
 * room temperature, outdoor temperature and heater power history, by least squares on the room model
 * the planner and the backtest use (src/core/house-fit.ts), with its error in K.
 */
export function houseFitCommand(options: HouseFitOptions, io: Io): number {
  const fail = (message: string, code = 2) => {
    io.stderr.write(`hashheat house fit: ${message}\n`);
    return code;
  };
  const stepMin = Number(options.step);
  if (!Number.isInteger(stepMin) || stepMin < 1 || stepMin > 240)
    return fail(`--step ${options.step}: expected whole minutes from 1 to 240`);
  const basis = basisOf(options.tz);
  if (basis === undefined)
    return fail(`--tz ${options.tz}: expected an IANA zone (Europe/Berlin) or an offset (+01:00)`);
  let text: string;
  try {
    text = readFileSync(options.csv, 'utf8');
  } catch (error) {
    return fail(`${options.csv}: ${(error as Error).message}`, 1);
  }
  const columns = {
    room: options.room,
    outdoor: options.outdoor,
    power: options.power
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  };
  try {
    const history = houseHistoryFromCsv(text, columns, stepMin * 60_000, basis);
    const fit = fitHouse(history.samples, history.stepMs);
    if (options.json) {
      io.stdout.write(
        `${JSON.stringify({ file: options.csv, format: history.format, stepMinutes: stepMin, from: new Date(history.from).toISOString(), ...fit })}\n`,
      );
      return 0;
    }
    const s = fit.sigma;
    const lines = [
      `house fit: ${options.csv} (${history.format === 'home-assistant' ? 'Home Assistant history' : 'columns'}), ${fit.used} of ${fit.steps} steps of ${stepMin} min from ${new Date(history.from).toISOString().slice(0, 16)}Z`,
      '',
      `  heat loss      ${fixed(fit.heatLossWPerK, 1)} W/K  ± ${fixed(s.heatLossWPerK, 1)}`,
      `  capacity       ${fixed(fit.capacityKWhPerK, 2)} kWh/K  ± ${fixed(s.capacityKWhPerK, 2)}  (${fixed(fit.capacityKWhPerK * 3.6, 1)} MJ/K)`,
      `  gains          ${fixed(fit.gainsW, 0)} W  ± ${fixed(s.gainsW, 0)}  (people, appliances, sun on average)`,
      `  time constant  ${fixed(fit.tauH, 1)} h`,
      `  fit error      ${fixed(fit.rmsStepK, 3)} K RMS one step ahead, ${fixed(fit.rmsRunK, 3)} K RMS over the whole history simulated from its start`,
      '',
      '± is one standard error (conservative on noisy sensors). As planner.zones[] keys:',
      `  heatLossWPerK: ${fixed(fit.heatLossWPerK, 0)}`,
      `  capacityKWhPerK: ${fixed(fit.capacityKWhPerK, 2)}`,
      `  baseHeatW: ${fixed(Math.max(0, fit.gainsW), 0)}`,
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    return fail(`${options.csv}: ${(error as Error).message}`, 1);
  }
}
