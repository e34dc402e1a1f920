import { describe, expect, it } from 'vitest';
import { CapacityMeter } from '../../src/agent/capacity-meter.js';

const MIN = 60_000;
// 2026-12-31 23:00 in Brussels (UTC+1): the last hour of the month.
const T0 = Date.UTC(2026, 11, 31, 22, 0);

describe('CapacityMeter (issue 18)', () => {
  it('averages grid import over local quarter hours, holding each reading until the next; export counts 0', () => {
    const meter = new CapacityMeter(15 * MIN, 'Europe/Brussels');
    meter.reading(2000, T0);
    meter.reading(2000, T0 + 5 * MIN);
    meter.reading(4000, T0 + 10 * MIN);
    expect(meter.window(T0 + 12 * MIN)).toEqual({
      windowStartAt: T0,
      windowEndAt: T0 + 15 * MIN,
      importedWh: 2000 / 6 + (4000 * 2) / 60,
      monthPeakW: 0,
    });
    meter.reading(-3000, T0 + 15 * MIN);
    const next = meter.window(T0 + 20 * MIN);
    expect(next.windowStartAt).toBe(T0 + 15 * MIN);
    expect(next.importedWh).toBe(0);
    expect(next.monthPeakW).toBeCloseTo((2000 * 10 + 4000 * 5) / 15, 6);
  });

  it('counts nothing for a gap longer than five minutes, and starts a new month from zero', () => {
    const meter = new CapacityMeter(15 * MIN, 'Europe/Brussels');
    meter.reading(3000, T0 + 30 * MIN);
    // Silent from 23:35 to 00:10 local: the reading holds five minutes, then counts nothing.
    meter.reading(1000, T0 + 70 * MIN);
    const december = meter.state();
    expect(december.month).toBe('2026-12');
    expect(december.peakW).toBeCloseTo((3000 * 5) / 15, 6);
    const january = meter.window(T0 + 72 * MIN);
    expect(january.windowStartAt).toBe(T0 + 60 * MIN);
    expect(january.monthPeakW).toBe(0);
    expect(january.importedWh).toBeCloseTo((1000 * 2) / 60, 6);
  });

  it('goes on from a saved state after a restart', () => {
    const meter = new CapacityMeter(15 * MIN, 'Europe/Brussels');
    for (let m = 0; m < 15; m += 3) meter.reading(2400, T0 + m * MIN);
    meter.window(T0 + 15 * MIN);
    const again = new CapacityMeter(15 * MIN, 'Europe/Brussels', meter.state());
    again.reading(1200, T0 + 16 * MIN);
    expect(again.window(T0 + 16 * MIN).monthPeakW).toBeCloseTo(2400, 6);
    expect(again.window(T0 + 16 * MIN).importedWh).toBeCloseTo(2400 / 60, 6);
  });

  it('uses whole local hours for a 60-minute window in a half-hour time zone', () => {
    const meter = new CapacityMeter(60 * MIN, 'Asia/Kolkata');
    // 12:00 UTC is 17:30 in India: the window started at 17:00 local, 11:30 UTC.
    expect(meter.windowStartOf(Date.UTC(2026, 11, 5, 12, 0))).toBe(Date.UTC(2026, 11, 5, 11, 30));
  });
});
