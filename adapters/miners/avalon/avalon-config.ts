import { z } from 'zod';
import { levelSchema, minerBaseSchema } from '../../../config/common.js';

/** Config of an `avalon` miner: connection, model (for default levels), soft off and timing. */
export const avalonSchema = minerBaseSchema.extend({
  type: z.literal('avalon'),
  host: z.string().min(1).describe('hostname or IP address of the Avalon'),
  port: z.number().int().min(1).max(65535).default(4028).describe('cgminer API port'),
  apiForm: z.enum(['json', 'text']).default('json').describe('request syntax: JSON or cmd|param text'),
  model: z.enum(['nano3', 'nano3s', 'mini3', 'q']).default('nano3s').describe('picks the default levels'),
  levels: z
    .array(levelSchema.extend({ workmode: z.number().int().min(0).max(9).describe('mode number to set') }))
    .min(1)
    .optional()
    .describe('running levels, each with its work mode (default: per model)'),
  modeCommand: z
    .enum(['workmode', 'worklevel'])
    .optional()
    .describe('ascset option selecting the mode (default: worklevel on the Nano 3, else workmode)'),
  softOff: z
    .union([z.literal('auto'), z.boolean()])
    .default('auto')
    .describe('soft off/on via ascset: auto = ask the firmware (ascset|0,help) once'),
  softSwitchLeadS: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(5)
    .describe('soft off/on are scheduled this long after the device clock (s)'),
  calibrationRetryS: z
    .number()
    .int()
    .positive()
    .default(120)
    .describe('after a mode change is refused (calibrating), wait this long before trying again (s)'),
  settleMs: z
    .number()
    .int()
    .nonnegative()
    .default(8000)
    .describe('after a command, read back this long before reporting it was not taken (ms)'),
});

/** A parsed `avalon` miner config. */
export type AvalonConfig = z.infer<typeof avalonSchema>;
