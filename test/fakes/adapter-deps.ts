import type { AdapterDeps } from '../../adapters/deps.js';
import type { SourceContext } from '../../adapters/plugin.js';
import { createSimWorld } from '../../adapters/sim/world.js';
import type { Clock } from '../../src/ports.js';
import { FakeClock } from './clock.js';
import { captureLogger } from './logger.js';

/**
 * Deps for an adapter or source under test: a captured logger and the given clock, a `FakeClock` by
 * default (timers only fire when the test advances it; I/O timeouts stay real, inside the adapters).
 */
export function testAdapterDeps(options: { clock?: Clock; id?: string; role?: SourceContext['role'] } = {}) {
  const log = captureLogger();
  const deps: AdapterDeps & SourceContext = {
    clock: options.clock ?? new FakeClock(),
    logger: log.logger,
    sim: createSimWorld(),
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    id: options.id ?? 'test',
    ...(options.role ? { role: options.role } : {}),
  };
  return { deps, log };
}
