import { z } from 'zod';
import { configSchema } from '../../config/schema.js';

/** The config's JSON Schema (input side: what a user writes), for editor completion. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
}
