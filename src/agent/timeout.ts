/** Moved to src/timeout.ts (a shell utility the adapters' callers and Home Assistant share). */
export { withTimeout } from '../timeout.js';
