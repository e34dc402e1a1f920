import { z } from 'zod';
import type { Offer } from '../core/fleet/offer.js';

const levelSchema = z.object({
  id: z.string().min(1),
  powerW: z.number().min(0).max(100_000),
  netPerHour: z.number().finite(),
});

const minerSchema = z.object({
  minerId: z.string().min(1),
  priority: z.number().finite(),
  levels: z.array(levelSchema).max(10_000),
  lockedLevelId: z.string().optional(),
  runningLevelId: z.string(),
  readingW: z.number().min(0).max(100_000).optional(),
});

const wattsSchema = z.number().finite().min(-10_000_000).max(10_000_000);

const siteSchema = z.object({
  at: z.number().int().positive(),
  houseNetW: wattsSchema.optional(),
  pvW: wattsSchema.min(0).optional(),
  heatDemandW: wattsSchema.min(0).optional(),
  importCapW: wattsSchema.optional(),
});

const offerSchema = z.object({
  v: z.literal(1),
  shard: z.string().min(1),
  at: z.number().int().positive(),
  expiresAt: z.number().int().positive(),
  miners: z.array(minerSchema).max(100_000),
  site: siteSchema.optional(),
});

/** An offer as JSON on the wire (version 1). */
export function encodeOffer(offer: Offer): string {
  return JSON.stringify({ v: 1, ...offer });
}

/**
 * An offer from the wire, or undefined when the payload is not one (plausibility at the edge: a bad
 * offer never reaches the allocation). An empty payload (a cleared retained offer) is undefined too.
 */
export function decodeOffer(payload: Buffer): Offer | undefined {
  if (payload.length === 0) return undefined;
  try {
    const parsed = offerSchema.safeParse(JSON.parse(payload.toString('utf8')));
    if (!parsed.success) return undefined;
    const { v: _version, ...offer } = parsed.data;
    return offer as Offer;
  } catch {
    return undefined;
  }
}
