import type { z } from 'zod';
import { DeviceError } from '../../src/errors.js';

/**
 * Checks a device's parsed JSON reply against the fields an adapter relies on; anything else
 * (an HTML page, a different firmware's shape) becomes BAD_RESPONSE naming the first bad field.
 */
export function parseReply<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'reply';
  throw new DeviceError(
    'BAD_RESPONSE',
    `${what}: unexpected reply (${where}: ${issue?.message ?? 'invalid'})`,
    true,
  );
}
