/**
 * One row of the bench table: what was measured, the figure, and its target (issue 16). A row that
 * misses its target by more than 20 % (machines are noisy) fails the run: `npm run bench` exits non-zero.
 * `--report-only` (CI's short run) prints the same rows but fails only when a bench crashes.
 */
const TOLERANCE = 1.2;

export interface Row {
  what: string;
  measured: number;
  /** Upper bound, in the same unit; undefined = reported, no target. */
  target?: number;
  unit: string;
}

const reportOnly = process.argv.includes('--report-only');

/** True when the bench runs short (CI): fewer repetitions, smaller fleets. */
export const quick = process.argv.includes('--quick');

function figure(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Prints the row as `  what: 0.31 ms (target ≤ 0.5 ms) ok`; a miss beyond 20 % sets the exit code. */
export function reportRow(row: Row): void {
  const measured = `${figure(row.measured)} ${row.unit}`;
  if (row.target === undefined) {
    process.stdout.write(`  ${row.what}: ${measured}\n`);
    return;
  }
  const verdict =
    row.measured <= row.target
      ? 'ok'
      : row.measured <= row.target * TOLERANCE
        ? 'ok (within 20 %)'
        : 'MISSED';
  process.stdout.write(
    `  ${row.what}: ${measured} (target ≤ ${figure(row.target)} ${row.unit}) ${verdict}\n`,
  );
  if (verdict === 'MISSED' && !reportOnly) process.exitCode = 1;
}
