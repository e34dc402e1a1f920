import { z } from 'zod';
import { levelSchema, minerBaseSchema } from '../../../config/common.js';

/** A relay-switched miner has exactly one running level besides `off`. */
export const switchLevelsSchema = z
  .array(levelSchema)
  .length(1, 'a switched miner has exactly one running level (off is implicit)')
  .describe('the level when the relay is on: [{ id, powerW, ths }]');

/** The base fields of every switch-driven miner (Tasmota, MQTT switch, HA switch). */
export const switchMinerBaseSchema = minerBaseSchema.extend({
  levels: switchLevelsSchema,
  timeoutMs: minerBaseSchema.shape.timeoutMs.describe('how long to wait for the device to confirm (ms)'),
});
