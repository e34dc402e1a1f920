// Docker HEALTHCHECK of the hashheat image: healthy while the agent keeps saving its state, which it
// does after every tick. Exit 0 when <data dir>/state.json changed within HASHHEAT_HEALTH_MAX_AGE_S
// seconds (default 300: ten default 30 s ticks), else 1 with the reason on stderr.
import { statSync } from 'node:fs';
import { join } from 'node:path';

const dataDir = process.env.HASHHEAT_DATA_DIR ?? '/data';
const maxAgeS = Number(process.env.HASHHEAT_HEALTH_MAX_AGE_S ?? 300);
const file = join(dataDir, 'state.json');
try {
  const ageS = (Date.now() - statSync(file).mtimeMs) / 1000;
  if (ageS > maxAgeS) {
    console.error(`unhealthy: ${file} last written ${Math.round(ageS)} s ago (limit ${maxAgeS} s)`);
    process.exit(1);
  }
} catch (error) {
  console.error(`unhealthy: ${file}: ${error.code ?? error.message}`);
  process.exit(1);
}
