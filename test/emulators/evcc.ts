import type { MqttClient } from 'mqtt';

/**
 * One evcc loadpoint in PV mode, as evcc-io/evcc core/loadpoint.go (b29b49e3) `pvMaxCurrent` drives it:
 * target current = effective current + (−site power) / (230 V × phases); while disabled, a target at or
 * above min current for the enable delay (default 1 min, core/loadpoint.go:319) enables at min current;
 * while enabled, a target below min current with site power ≥ the disable threshold (0 W) for the
 * disable delay (default 3 min, core/loadpoint.go:320) disables, min current meanwhile; otherwise it
 * follows the target up to max current. Publishes what server/mqtt.go publishes for the loadpoint.
 */
export class EvccEmulator {
  connected = false;
  enabled = false;
  currentA = 0;
  private timerStartedAt: number | undefined;

  constructor(
    private readonly client: MqttClient,
    private readonly root: string,
    readonly settings = {
      minCurrentA: 6,
      maxCurrentA: 16,
      phases: 1,
      enableDelayMs: 60_000,
      disableDelayMs: 180_000,
    },
  ) {}

  /** What the car draws now (W). */
  get chargePowerW(): number {
    return this.enabled ? this.currentA * 230 * this.settings.phases : 0;
  }

  /** One control cycle at `now` with the site's grid power (W, import positive). */
  step(now: number, gridW: number, connected: boolean): void {
    const s = this.settings;
    if (connected !== this.connected) {
      this.connected = connected;
      this.enabled = false;
      this.currentA = 0;
      this.timerStartedAt = undefined;
    }
    if (!connected) return;
    const target = Math.max(0, this.currentA + -gridW / (230 * s.phases));
    if (!this.enabled) {
      if (target >= s.minCurrentA) {
        this.timerStartedAt ??= now;
        if (now - this.timerStartedAt >= s.enableDelayMs) {
          this.timerStartedAt = undefined;
          this.enabled = true;
          this.currentA = s.minCurrentA;
        }
      } else this.timerStartedAt = undefined;
      return;
    }
    if (target < s.minCurrentA) {
      if (gridW >= 0) {
        this.timerStartedAt ??= now;
        if (now - this.timerStartedAt >= s.disableDelayMs) {
          this.timerStartedAt = undefined;
          this.enabled = false;
          this.currentA = 0;
          return;
        }
      } else this.timerStartedAt = undefined;
      this.currentA = s.minCurrentA;
      return;
    }
    this.timerStartedAt = undefined;
    this.currentA = Math.min(s.maxCurrentA, target);
  }

  /** Publishes the loadpoint's state as evcc does (retained, `<root>/loadpoints/1/<key>`). */
  async publish(): Promise<void> {
    const lp = `${this.root}/loadpoints/1`;
    const pub = (key: string, value: string) =>
      this.client.publishAsync(`${lp}/${key}`, value, { retain: true });
    await pub('connected', String(this.connected));
    await pub('chargePower', String(Math.round(this.chargePowerW * 1000) / 1000));
  }

  /** The settings evcc publishes once: mode pv, max current, phases, SoC below its limit. */
  async publishSettings(): Promise<void> {
    const lp = `${this.root}/loadpoints/1`;
    const pub = (key: string, value: string) =>
      this.client.publishAsync(`${lp}/${key}`, value, { retain: true });
    await pub('mode', 'pv');
    await pub('maxCurrent', String(this.settings.maxCurrentA));
    await pub('phasesActive', String(this.settings.phases));
    await pub('vehicleSoc', '40');
    await pub('limitSoc', '80');
  }
}
