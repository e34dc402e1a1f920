import { z } from 'zod';

/** `POST /api/miners/:id/override`: auto, off or a level id, optionally for a while or until a time. */
export const overrideBody = z
  .object({
    level: z.string().min(1).describe('auto (no override), off, or a level id'),
    forMinutes: z
      .number()
      .positive()
      .max(366 * 24 * 60)
      .optional()
      .describe('how long the override holds (min)'),
    until: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('when the override ends (ISO 8601 with offset)'),
  })
  .strict()
  .refine((b) => !(b.forMinutes !== undefined && b.until !== undefined), {
    message: 'give forMinutes or until, not both',
    path: ['until'],
  });

/** `POST /api/enabled`. */
export const enabledBody = z
  .object({ enabled: z.boolean().describe('false pauses control: decide, never command') })
  .strict();

/** `POST /api/dry-run`. */
export const dryRunBody = z
  .object({ dryRun: z.boolean().describe('true decides and reports, never commands') })
  .strict();

/** `GET /api/decisions?since=`: epoch ms or an ISO date-time. */
export const decisionsQuery = z
  .object({
    since: z
      .union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true })])
      .optional()
      .describe('only records after this time (epoch ms or ISO 8601)'),
  })
  .strict();

const instant = z.union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true })]);

/** `GET /api/history?from=&to=&step=`. */
export const historyQuery = z
  .object({
    from: instant.optional().describe('start (epoch ms or ISO 8601); default 7 days ago'),
    to: instant.optional().describe('end, exclusive; default now'),
    step: z.enum(['15m', '1h', '1d']).default('1h').describe('15m, 1h or 1d (local days)'),
  })
  .strict();

/** Epoch ms of an `instant` value. */
export function instantOf(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

/** A 400's body: every field that is wrong and why. */
export function badRequest(error: z.ZodError): {
  error: string;
  issues: { field: string; message: string }[];
} {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  return { error: `invalid request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues };
}
