import { renderTable } from '../text-table.js';
import type { StrategyRun } from './simulate.js';
import type { BacktestWorld } from './world.js';

/** One strategy's water-tank energy account over the replay (kWh, °C, currency). */
export interface TankRow {
  name: string;
  label: string;
  /** Heat the miners put into the tank. */
  minerHeatKWh: number;
  /** Heat the tank's own heater (the immersion) still gave. */
  heaterHeatKWh: number;
  /** Heater heat the miners displaced: the baseline's heater heat less this strategy's. */
  displacedKWh: number;
  /** Heat the draw-offs took out (the same in every strategy). */
  drawOffKWh: number;
  /** Standing loss to the surroundings: heat in − draw-offs − heat stored (the balance's rest). */
  standingLossKWh: number;
  /** Heat stored at the end over the start: capacity × (end − start temperature). */
  storedKWh: number;
  minC: number;
  maxC: number;
  netCost: number;
}

/** The water tank's part of a backtest report; undefined when the simulated zone is a room. */
export interface TankSummary {
  zone: string;
  volumeL: number;
  /** What the tank's heater gave alone (the no-miner baseline) and what that cost. */
  heaterAloneKWh: number;
  heaterAloneCost: number;
  rows: TankRow[];
}

/** The tank account of each strategy's replay against the no-miner baseline's. */
export function tankSummary(
  world: BacktestWorld,
  baseline: StrategyRun,
  runs: readonly { name: string; label: string; run: StrategyRun }[],
): TankSummary | undefined {
  const zone = world.model.zones.find((z) => z.id === world.bc.backtest.house.zone);
  if (!zone?.tank) return undefined;
  const hours = world.frames.stepMs / 3_600_000;
  let drawOffKWh = 0;
  for (const w of world.gainsW) drawOffKWh += (Math.max(0, -w) * hours) / 1000;
  const capacity = zone.tank.capacityKWhPerK;
  const rows = runs.map(({ name, label, run }) => {
    const temps = run.trace.roomC;
    const storedKWh = capacity * (temps[temps.length - 1]! - temps[0]!);
    const { minerHeatKWh, heaterHeatKWh } = run.totals;
    return {
      name,
      label,
      minerHeatKWh,
      heaterHeatKWh,
      displacedKWh: baseline.totals.heaterHeatKWh - heaterHeatKWh,
      drawOffKWh,
      standingLossKWh: minerHeatKWh + heaterHeatKWh - drawOffKWh - storedKWh,
      storedKWh,
      minC: Math.min(...temps),
      maxC: Math.max(...temps),
      netCost: run.totals.netCost,
    };
  });
  return {
    zone: zone.name,
    volumeL: zone.tank.volumeL,
    heaterAloneKWh: baseline.totals.heaterHeatKWh,
    heaterAloneCost: baseline.totals.heatingCost,
    rows,
  };
}

/**
 * What the replay cannot do for a tank: the live agent stops a miner the second the water reaches the
 * high limit, a replay only at step boundaries (at maxC). When all the zone's miners together warm
 * the water past the high limit within one step from maxC, a note says so.
 */
export function tankNotes(world: BacktestWorld): string[] {
  const zone = world.model.zones.find((z) => z.id === world.bc.backtest.house.zone);
  if (!zone?.tank) return [];
  const heatW = world.miners.reduce((sum, m, k) => sum + (world.heats[k] ? m.levels.at(-1)!.powerW : 0), 0);
  const riseK = (heatW * (world.frames.stepMs / 3_600_000)) / 1000 / zone.tank.capacityKWhPerK;
  if (zone.maxC + riseK < zone.tank.highLimitC) return [];
  return [
    `tank: the miners warm ${zone.name} ${riseK.toFixed(1)} K in one step, from maxC ${zone.maxC} °C past its high limit ${zone.tank.highLimitC} °C; the live agent stops them at the limit, the replay only at step ends: use shorter steps`,
  ];
}

/** The tank account as a table (title, header, rows), for the terminal and the HTML report. */
export function tankTable(
  tank: TankSummary,
  currency: string,
): { title: string; header: string[]; rows: string[][] } {
  const kWh = (v: number) => v.toFixed(1);
  return {
    title: `water tank ${tank.zone} (${tank.volumeL} L): its heater alone would give ${kWh(tank.heaterAloneKWh)} kWh for ${tank.heaterAloneCost.toFixed(2)} ${currency}`,
    header: [
      'strategy',
      'miner heat kWh',
      'heater kWh',
      'heater displaced kWh',
      'draw-off kWh',
      'standing loss kWh',
      'stored kWh',
      'water °C',
      'net cost',
    ],
    rows: tank.rows.map((r) => [
      r.label,
      kWh(r.minerHeatKWh),
      kWh(r.heaterHeatKWh),
      kWh(r.displacedKWh),
      kWh(r.drawOffKWh),
      kWh(r.standingLossKWh),
      kWh(r.storedKWh),
      `${r.minC.toFixed(1)}–${r.maxC.toFixed(1)}`,
      r.netCost.toFixed(2),
    ]),
  };
}

/** The terminal lines of the tank account. */
export function tankTableText(tank: TankSummary, currency: string): string[] {
  const t = tankTable(tank, currency);
  return ['', t.title, renderTable(t.header, t.rows)];
}
