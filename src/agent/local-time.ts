/** Moved to src/local-time.ts (a shell utility Home Assistant and the simulator share). */
export { localTimeOf } from '../local-time.js';
