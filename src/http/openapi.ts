import { z } from 'zod';
import { decisionsQuery, dryRunBody, enabledBody, overrideBody } from './api-schemas.js';

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
});
const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const errors = {
  '400': { description: 'a field is wrong: `issues` names each one' },
  '401': { description: 'missing or wrong bearer token (when `http.token` is set)' },
};

/** The API's OpenAPI 3.1 document; request bodies come from the same zod schemas the server validates with. */
export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'hashheat agent API',
      version,
      description:
        'State, decisions, controls and live events of a running hashheat agent. With `http.token` set, send `Authorization: Bearer <token>`.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/state': {
        get: {
          summary:
            'miners (level, power, hashrate, chip temperature, health, last command, decision and ledger), zones, signals with age, prices ahead, hashprice, plans, today’s money',
          responses: { '200': ok('the state now'), '401': errors['401'] },
        },
      },
      '/api/decisions': {
        get: {
          summary:
            'recent tick records (decisions with what happened at the device): at most http.historyDecisions of them and http.historyDecisionsMiB of JSON',
          parameters: [
            {
              name: 'since',
              in: 'query',
              required: false,
              schema: z.toJSONSchema(decisionsQuery.shape.since.unwrap(), {
                io: 'input',
                unrepresentable: 'any',
              }),
            },
          ],
          responses: { '200': ok('{ records: TickRecord[] }'), ...errors },
        },
      },
      '/api/miners/{id}/override': {
        post: {
          summary:
            'set a manual override (auto clears it); the same path as Home Assistant and `hashheat override`',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: json(overrideBody) },
          responses: { '200': ok('{ ok, override }'), '404': { description: 'no such miner' }, ...errors },
        },
      },
      '/api/enabled': {
        post: {
          summary: 'control on/off (off = decide and report, never command)',
          requestBody: { required: true, content: json(enabledBody) },
          responses: { '200': ok('{ ok, enabled }'), ...errors },
        },
      },
      '/api/dry-run': {
        post: {
          summary: 'dry run on/off',
          requestBody: { required: true, content: json(dryRunBody) },
          responses: { '200': ok('{ ok, dryRun }'), ...errors },
        },
      },
      '/api/events': {
        get: {
          summary:
            'server-sent events: `tick` after every decision (the record), `state` after every control change',
          responses: { '200': { description: 'text/event-stream' }, '401': errors['401'] },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: { '200': { description: 'text/plain; version=0.0.4' }, '401': errors['401'] },
        },
      },
    },
  };
}
