import type { Source } from '../../src/ports.js';

/** The inputs behind a source's last reading (e.g. a hashprice's difficulty, subsidy, fees and price). */
export type SourceDetails = Record<string, number | string>;

/** A source that can say what its last reading was made of (a side channel for `hashheat signals`). */
export interface DetailedSource extends Source {
  details(): SourceDetails | undefined;
}

/** The details of a source's last successful poll, when it offers them. */
export function detailsOf(source: Source): SourceDetails | undefined {
  const candidate = source as Partial<DetailedSource>;
  return typeof candidate.details === 'function' ? candidate.details() : undefined;
}
