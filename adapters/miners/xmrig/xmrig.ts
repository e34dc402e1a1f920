import type { AxiosResponse } from 'axios';
import { z } from 'zod';
import { minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { ApplyResult, MinerAdapter, MinerInfo } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { checkStatus, parseJson, transportError } from '../../http.js';
import { defineMiner } from '../../plugin.js';
import { envReference } from '../../probe-url.js';
import { deviceHttp, hasPort, hostSchema, probeTarget } from '../http-target.js';
import { parseReply } from '../reply.js';
import { serialQueue } from '../serial.js';

/** XMRig reports H/s; the project's hashrate unit is TH/s. */
const THS_PER_HS = 1e-12;
/** What `hashheat probe` suggests for what XMRig cannot tell: power (W) and, before its first sample, hashrate (H/s). */
const PLACEHOLDER_W = 100;
const PLACEHOLDER_HS = 1000;

const schema = minerBaseSchema
  .extend({
    type: z.literal('xmrig'),
    coin: z.literal('xmr').default('xmr').describe('RandomX: revenue from the hashprice.xmr signal'),
    host: hostSchema.refine(hasPort, 'XMRig has no default HTTP port: write host:port (its http.port)'),
    accessToken: z
      .string()
      .min(1)
      .optional()
      .describe('the http.access-token of XMRig, sent as "Authorization: Bearer <token>"'),
    powerW: z.number().positive().describe('power the machine draws while mining (W); XMRig reports none'),
    hashrateHs: z.number().positive().describe('hashrate while mining (H/s), for revenue estimates'),
    levels: z
      .undefined({ error: 'XMRig has one running level, `on`: set powerW and hashrateHs instead of levels' })
      .optional()
      .describe('not used: XMRig has one running level, `on` (powerW, hashrateHs)'),
  })
  .strict();

type XmrigConfig = z.infer<typeof schema>;

const summaryReply = z.object({
  id: z.string().optional(),
  worker_id: z.string().optional(),
  version: z.string().optional(),
  ua: z.string().optional(),
  kind: z.string().optional(),
  cpu: z.object({ brand: z.string().optional() }).optional(),
  algo: z.string().optional(),
  paused: z.boolean().optional(),
  uptime: z.number().optional(),
  hashrate: z.object({ total: z.array(z.number().nullable()) }),
});
type Summary = z.infer<typeof summaryReply>;

const rpcReply = z.object({
  result: z.object({ status: z.string().optional() }).optional(),
  error: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
});

const WRITE_HINT =
  'XMRig refused the command (HTTP 403): set "restricted": false and an "access-token" in the http ' +
  'section of its config, and the same token as accessToken here';

function createXmrig(config: XmrigConfig, deps: AdapterDeps): MinerAdapter {
  const headers: Record<string, string> = config.accessToken
    ? { authorization: `Bearer ${config.accessToken}` }
    : {};
  const device = deviceHttp({ host: config.host, defaultPort: 80, timeoutMs: config.timeoutMs, headers });
  const serial = serialQueue();
  const on: Level = { id: 'on', powerW: config.powerW, ths: config.hashrateHs * THS_PER_HS };

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const what = `XMRig ${method} ${path}`;
    let response: AxiosResponse;
    try {
      response = await device.http.request({
        method,
        url: path,
        // Httpd accepts a non-GET only with exactly this content type (else 415).
        ...(body !== undefined
          ? { data: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
          : {}),
      });
    } catch (error) {
      throw transportError(error, what);
    }
    if (response.status === 401) {
      const hint = config.accessToken
        ? 'XMRig has no access-token set but got one: remove accessToken or set http.access-token'
        : 'XMRig requires an access token: set accessToken to its http.access-token';
      throw new DeviceError('AUTH', `${what}: HTTP 401; ${hint}`, false);
    }
    if (response.status === 403) {
      // A GET is only forbidden for a wrong token; a write also when XMRig runs restricted.
      const hint = method === 'GET' ? 'XMRig rejected the access token (check accessToken)' : WRITE_HINT;
      throw new DeviceError('AUTH', `${what}: ${hint}`, false);
    }
    if (response.status === 404 || (response.status >= 300 && response.status < 400))
      throw new DeviceError('UNSUPPORTED', `${what}: HTTP ${response.status}; not an XMRig HTTP API`, false);
    checkStatus(response, what);
    return parseJson(response.data, what);
  }

  const summary = async (): Promise<Summary> =>
    parseReply(summaryReply, await call('GET', '/1/summary'), 'XMRig GET /1/summary');

  async function rpc(method: 'pause' | 'resume'): Promise<void> {
    const reply = parseReply(rpcReply, await call('POST', '/json_rpc', { method, id: 1 }), `XMRig ${method}`);
    if (reply.error)
      throw new DeviceError('REFUSED', `XMRig ${method}: ${reply.error.message ?? 'JSON-RPC error'}`, false);
  }

  async function setPaused(paused: boolean): Promise<ApplyResult> {
    if ((await summary()).paused !== paused) await rpc(paused ? 'pause' : 'resume');
    const after = await summary();
    if (after.paused === paused) return { accepted: true };
    return { accepted: false, detail: paused ? 'still mining after pause' : 'still paused after resume' };
  }

  return {
    id: config.id,
    family: 'xmrig',
    capabilities: { softStop: true, throttle: false, reportsPower: false },
    levels: () => [OFF, on],
    status: () =>
      serial(async (): Promise<MinerStatus> => {
        const read = await summary();
        const running = read.paused !== true;
        const status: MinerStatus = {
          reachable: true,
          running,
          levelId: running ? on.id : OFF.id,
          at: deps.clock.now(),
        };
        // Each window (10 s, 60 s, 15 min) is null until XMRig has enough samples for it.
        const hs = read.hashrate.total.find((v): v is number => typeof v === 'number');
        if (hs !== undefined) status.ths = hs * THS_PER_HS;
        if (read.uptime !== undefined) status.uptimeS = read.uptime;
        return status;
      }),
    apply: (level) =>
      serial(async () => {
        if (level.id === OFF.id) return setPaused(true);
        if (level.id === on.id) return setPaused(false);
        return { accepted: false, detail: `XMRig has no level ${level.id} (only on and off)` };
      }),
    describe: () =>
      serial(async (): Promise<MinerInfo> => {
        const read = await summary();
        if (!read.ua?.toLowerCase().includes('xmrig') && read.kind === undefined)
          throw new DeviceError('UNSUPPORTED', 'XMRig GET /1/summary: not an XMRig reply', false);
        return {
          family: 'xmrig',
          model: read.cpu?.brand ?? read.kind,
          firmware: read.version,
          serial: read.id,
        };
      }),
    async close() {
      device.close();
    },
  };
}

/** XMRig (RandomX CPU miner) over its HTTP API: pause/resume via JSON-RPC; power comes from config or a plug. */
export const xmrigMiner = defineMiner({
  type: 'xmrig',
  description: 'XMRig CPU miner (HTTP API): pause and resume; power from config or a companion plug',
  schema,
  create: createXmrig,
  async probe(url, deps) {
    const target = probeTarget(url, 'xmrig');
    // Issue 11: say what to type instead of failing the config schema with a raw zod array.
    if (!hasPort(target.host))
      throw new DeviceError(
        'UNSUPPORTED',
        `XMRig has no default HTTP port: add its http.port, e.g. xmrig://:TOKEN@${target.host}:8080`,
        false,
      );
    const token = target.password ?? target.username;
    const config = schema.parse({
      id: 'probe',
      type: 'xmrig',
      host: target.host,
      ...(token ? { accessToken: token } : {}),
      powerW: 1, // placeholders: the probe reports the measured hashrate and no power
      hashrateHs: 1,
    });
    const adapter = createXmrig(config, deps);
    try {
      const info = await adapter.describe!();
      const status = await adapter.status();
      // XMRig reports no power (0 W here means unknown: measure it with a plug and configure powerW).
      return { info, status, levels: [OFF, { id: 'on', powerW: 0, ths: status.ths ?? 0 }] };
    } finally {
      await adapter.close();
    }
  },
  suggestConfig(result, url) {
    const target = probeTarget(url, 'xmrig');
    const token =
      (target.password ?? target.username) ? { accessToken: envReference('XMRIG_ACCESS_TOKEN') } : {};
    const measuredHs = result.status.ths ? Math.round(result.status.ths / THS_PER_HS) : undefined;
    const notes = [
      `powerW ${PLACEHOLDER_W} is a placeholder: XMRig reports no power; measure the machine while mining (W)`,
    ];
    if (measuredHs === undefined)
      notes.push(
        `hashrateHs ${PLACEHOLDER_HS} is a placeholder: no hashrate sample yet; probe again in a minute`,
      );
    if (token.accessToken) notes.push('set XMRIG_ACCESS_TOKEN in the environment to its http.access-token');
    const hashrateHs = measuredHs ?? PLACEHOLDER_HS;
    return {
      fields: { type: 'xmrig', host: target.host, ...token, powerW: PLACEHOLDER_W, hashrateHs },
      notes,
    };
  },
});
