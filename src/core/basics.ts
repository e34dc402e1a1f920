/** The two types everything in the core builds on; a leaf module, so nothing that needs them forms a cycle. */

/** Epoch milliseconds (UTC). All data in the core carries time as an Instant. */
export type Instant = number;

/** One operating point of a miner; `off` has powerW 0 and ths 0. */
export interface Level {
  id: string;
  powerW: number;
  ths: number;
}
