import { z } from 'zod';

/** Fields every `loads:` entry has: who it is and where it stands against the miners. */
export const loadBaseShape = {
  id: z
    .string()
    .regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, - and _')
    .describe('load id; its signals are load.<id>.powerW and load.<id>.wantsW'),
  name: z.string().min(1).optional().describe('shown in decisions ("yielding 1.4 kW of surplus to car")'),
  priority: z
    .number()
    .describe("compared with the miners' priority: lower gets surplus first (a tie goes to the miners)"),
};
