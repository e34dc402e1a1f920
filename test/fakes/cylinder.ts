import type { TankSettings } from '../../src/core/tank.js';

/**
 * A 200 L hot-water cylinder (0.233 kWh/K: 1350 W for an hour warms it 5.8 K) at 45–65 °C in a 15 °C
 * room, drawn on by the EN 16147 M profile (5.845 kWh a day).
 */
export const CYLINDER_200L: TankSettings = {
  volumeL: 200,
  standingLossWPerK: 1.5,
  ambientC: 15,
  minC: 45,
  highLimitC: 65,
  coldWaterC: 10,
  tapC: 40,
  drawOff: 'en16147-M',
};
