import { z } from 'zod';

/** A topic we publish under: levels of letters, digits, `_` and `-`, no wildcards, no empty level. */
const topicRootSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'levels of letters, digits, "_" and "-", separated by "/"');

const tlsSchema = z
  .object({
    ca: z
      .string()
      .optional()
      .describe('file with the CA certificate(s) that signed the broker certificate (PEM)'),
    cert: z
      .string()
      .optional()
      .describe('file with the client certificate (PEM), for brokers that require one'),
    key: z.string().optional().describe('file with the client private key (PEM)'),
    rejectUnauthorized: z
      .boolean()
      .default(true)
      .describe('refuse a broker certificate that does not verify (set false only for testing)'),
  })
  .strict()
  .refine((tls) => (tls.cert === undefined) === (tls.key === undefined), {
    message: 'cert and key go together',
  });

/** The `mqtt` section: the broker connection shared by Home Assistant discovery, MQTT sources and MQTT miners. */
export const mqttSchema = z
  .object({
    url: z
      .string()
      .regex(
        /^(mqtts?|wss?):\/\/\S+$/,
        'a broker URL such as mqtt://192.168.1.10:1883 or mqtts://broker:8883',
      )
      .describe('broker URL: mqtt://, mqtts:// (TLS), ws:// or wss://'),
    username: z.string().optional(),
    password: z
      .string()
      .optional()
      .describe('put it in an environment variable ($ENV_VAR syntax); never logged'),
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" and "-", at most 64')
      .optional()
      .describe(
        'MQTT client id; default hashheat_<baseTopic>; keep it stable (the broker keeps our session)',
      ),
    tls: tlsSchema.optional(),
    baseTopic: topicRootSchema.default('hashheat').describe('root of every topic hashheat publishes'),
    discoveryPrefix: topicRootSchema
      .default('homeassistant')
      .describe("Home Assistant's MQTT discovery prefix"),
    discovery: z
      .boolean()
      .default(true)
      .describe('publish Home Assistant MQTT discovery, states and commands (false: MQTT inputs only)'),
    haStatusTopic: z
      .string()
      .optional()
      .describe('where Home Assistant announces itself (birth message); default <discoveryPrefix>/status'),
    keepaliveSeconds: z.number().int().min(5).max(3600).default(30),
    reconnectMinMs: z
      .number()
      .int()
      .positive()
      .default(1000)
      .describe('first reconnect delay (ms), doubling'),
    reconnectMaxMs: z.number().int().positive().default(60_000).describe('longest reconnect delay (ms)'),
    maxQueued: z
      .number()
      .int()
      .positive()
      .default(1000)
      .describe('publishes held while offline; the oldest are dropped beyond this'),
  })
  .strict()
  .superRefine((mqtt, ctx) => {
    if (mqtt.baseTopic === mqtt.discoveryPrefix)
      ctx.addIssue({
        code: 'custom',
        path: ['baseTopic'],
        message: 'must differ from discoveryPrefix (Home Assistant would read our states as discovery)',
      });
    if (mqtt.reconnectMinMs > mqtt.reconnectMaxMs)
      ctx.addIssue({ code: 'custom', path: ['reconnectMinMs'], message: 'must not exceed reconnectMaxMs' });
  });

/** The validated `mqtt` section. */
export type MqttConfig = z.infer<typeof mqttSchema>;
