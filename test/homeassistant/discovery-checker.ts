import {
  checkAvailability,
  checkDevice,
  checkOrigin,
  ENTITY_ID,
  expand,
  isHttpUrl,
  isObj,
  type Obj,
  topicProblem,
} from './block-rules.js';
import {
  ABBREVIATIONS,
  BOOLEAN_KEYS,
  NAME_FROM_DEVICE_CLASS,
  NEEDS_COMMAND_TOPIC,
  NEEDS_STATE_TOPIC,
  NUMBER_KEYS,
  SHARED_OPTIONS,
  SUPPORTED_COMPONENTS,
} from './ha-rules.js';
import { checkPlatform, type Report } from './platform-rules.js';
import { checkAttributesPayload, checkStatePayload } from './state-rules.js';

/** One broken rule: `E` HA rejects or breaks it, `W` HA warns, `P` our stricter project policy. */
export interface Finding {
  rule: string;
  level: 'E' | 'W' | 'P';
  topic: string;
  message: string;
}

/** What the checker needs to know about us. */
export interface CheckerOptions {
  discoveryPrefix: string;
  /** Our base topic: every topic we use must be under it, and it must differ from the prefix. */
  baseTopic: string;
  /** The agent device's identifier: every other device must name it as `via_device`. */
  agentDeviceId?: string;
}

/** An entity as registered from a valid config, for the runtime state checks. */
interface Registered {
  platform: string;
  config: Obj;
  discoveryTopic: string;
}

/**
 * Checks every discovery payload and state we publish against Home Assistant's MQTT discovery rules
 * (shared/reference/homeassistant.md §6.1), across payloads (unique ids, one topic per unique id).
 */
export class DiscoveryChecker {
  readonly findings: Finding[] = [];
  private readonly uniqueIds = new Map<string, string>();
  private readonly byStateTopic = new Map<string, Registered[]>();
  private readonly attributeTopics = new Set<string>();

  constructor(private readonly options: CheckerOptions) {
    if (options.baseTopic === options.discoveryPrefix)
      this.add('topic.base-is-prefix', 'P', options.baseTopic, 'base topic equals the discovery prefix');
  }

  private add(rule: string, level: Finding['level'], topic: string, message: string): void {
    this.findings.push({ rule, level, topic, message });
  }

  /** Findings that make a payload fail: everything except warnings. */
  errors(): Finding[] {
    return this.findings.filter((f) => f.level !== 'W');
  }

  /** Checks any message we publish: discovery config under the prefix, else a state. */
  checkMessage(topic: string, payload: Buffer | string, retained: boolean): Finding[] {
    const prefix = `${this.options.discoveryPrefix}/`;
    if (topic.startsWith(prefix) && topic.endsWith('/config'))
      return this.checkConfig(topic, payload, retained);
    return this.checkState(topic, payload);
  }

  /** Checks one discovery message (zero bytes = removal). */
  checkConfig(topic: string, payload: Buffer | string, retained: boolean): Finding[] {
    const before = this.findings.length;
    const report: Report = (rule, level, message) => this.add(rule, level, topic, message);
    const rest = topic.slice(this.options.discoveryPrefix.length + 1);
    const match = /^(\w+)\/(?:([A-Za-z0-9_-]+)\/)?([A-Za-z0-9_-]+)\/config$/.exec(rest);
    const component = match?.[1];
    if (!topic.startsWith(`${this.options.discoveryPrefix}/`) || !match)
      report('topic.format', 'E', 'not <prefix>/<component>/[<node_id>/]<object_id>/config');
    else if (component !== 'device' && !SUPPORTED_COMPONENTS.has(component!))
      report('topic.format', 'E', `unsupported component "${component}"`);
    if (!retained) report('topic.retained', 'P', 'discovery must be published retained');
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (bytes.length === 0) {
      for (const [id, t] of this.uniqueIds) if (t === topic) this.uniqueIds.delete(id);
      return this.findings.slice(before);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      report('payload.json', 'E', 'not UTF-8 JSON');
      return this.findings.slice(before);
    }
    if (!isObj(parsed)) {
      report('payload.json', 'E', 'not a JSON object');
      return this.findings.slice(before);
    }
    const root = expand(parsed, ABBREVIATIONS, 'root', report);
    if (component === 'device') this.checkDevicePayload(root, topic, report);
    else if (component) {
      if ('platform' in root || 'components' in root)
        report('single.platform', 'P', 'platform/components belong to device-based payloads only');
      if ('origin' in root) checkOrigin(root.origin, report);
      else report('origin.required', 'P', 'origin block missing');
      this.checkEntity(component, root, topic, new Set(), report);
    }
    return this.findings.slice(before);
  }

  private checkDevicePayload(root: Obj, topic: string, report: Report): void {
    if ('~' in root) report('device.tilde', 'E', '"~" at the root of a device payload');
    for (const key of Object.keys(root))
      if (!['device', 'origin', 'components', '~'].includes(key) && !SHARED_OPTIONS.has(key))
        report('device.root-keys', 'E', `root key "${key}" not allowed`);
    for (const key of ['device', 'origin', 'components'])
      if (!(key in root)) report('device.required', 'E', `"${key}" missing`);
    checkOrigin(root.origin, report);
    checkAvailability(root, report, 'root', (t, k) => this.checkOurTopic(t, k, report));
    if (!isObj(root.components)) {
      report('device.components', 'E', 'components is not an object');
      return;
    }
    const seen = new Set<string>();
    for (const [id, value] of Object.entries(root.components)) {
      if (!isObj(value)) {
        report('component.object', 'E', `component ${id} is not an object`);
        continue;
      }
      const cmp = expand(value, ABBREVIATIONS, `components.${id}`, report);
      const platform = cmp.platform;
      if (typeof platform !== 'string' || !SUPPORTED_COMPONENTS.has(platform)) {
        report(
          'component.platform',
          'E',
          `component ${id}: platform ${JSON.stringify(platform)} not supported`,
        );
        continue;
      }
      const shared = Object.fromEntries(Object.entries(root).filter(([k]) => SHARED_OPTIONS.has(k)));
      if ('availability' in cmp || 'availability_topic' in cmp) {
        delete shared.availability;
        delete shared.availability_topic;
      }
      this.checkEntity(platform, { ...shared, device: root.device, ...cmp }, topic, seen, report);
    }
  }

  private checkOurTopic(topic: string, key: string, report: Report): void {
    if (/[+#]/.test(topic)) report('topic.wildcard', 'P', `${key} has a wildcard`);
    if (!topic.startsWith(`${this.options.baseTopic}/`))
      report('topic.under-base', 'P', `${key} ${topic} is not under ${this.options.baseTopic}/`);
  }

  private checkEntity(
    platform: string,
    cfg: Obj,
    discoveryTopic: string,
    seen: Set<string>,
    report: Report,
  ): void {
    const where = `${platform} ${String(cfg.unique_id ?? cfg.name ?? '?')}`;
    const r: Report = (rule, level, message) => report(rule, level, `${where}: ${message}`);
    checkAvailability(cfg, r, 'entity', (t, k) => this.checkOurTopic(t, k, r));
    checkDevice(cfg.device, cfg.name, this.options.agentDeviceId, r);
    for (const [key, value] of Object.entries(cfg)) {
      if (!key.endsWith('topic')) continue;
      const problem = topicProblem(value);
      if (problem) r('topic.value', 'E', `${key} ${problem}`);
      else {
        if (key.endsWith('command_topic') && /[+#]/.test(value as string))
          r('topic.command-wildcard', 'E', `${key} contains + or #`);
        this.checkOurTopic(value as string, key, r);
      }
    }
    if ('qos' in cfg && ![0, 1, 2].includes(cfg.qos as number)) r('qos', 'E', 'qos must be 0, 1 or 2');
    for (const key of BOOLEAN_KEYS)
      if (key in cfg && typeof cfg[key] !== 'boolean') r('type.boolean', 'E', `${key} is not a JSON boolean`);
    for (const key of NUMBER_KEYS)
      if (key in cfg && typeof cfg[key] !== 'number') r('type.number', 'P', `${key} is not a JSON number`);
    if ('entity_category' in cfg) {
      if (!['config', 'diagnostic'].includes(cfg.entity_category as string))
        r('entity-category', 'E', 'entity_category must be config or diagnostic');
      else if (cfg.entity_category === 'config' && (platform === 'sensor' || platform === 'binary_sensor'))
        r('entity-category', 'E', `entity_category config is not allowed on ${platform}`);
    }
    if ('icon' in cfg && !/^[a-z0-9_-]+:[a-z0-9_-]+$/i.test(String(cfg.icon)))
      r('icon', 'E', 'icon is not prefix:name');
    if ('entity_picture' in cfg && !isHttpUrl(cfg.entity_picture))
      r('entity-picture', 'E', 'not an http(s) URL');
    this.checkIdentity(platform, cfg, discoveryTopic, seen, r);
    if (NEEDS_STATE_TOPIC.has(platform) && !cfg.state_topic)
      r('platform.state-topic', 'E', 'state_topic missing');
    if (NEEDS_COMMAND_TOPIC.has(platform) && !cfg.command_topic)
      r('platform.command-topic', 'E', 'command_topic missing');
    if (NEEDS_COMMAND_TOPIC.has(platform) && platform !== 'button' && !cfg.state_topic)
      r('platform.optimistic', 'W', 'no state_topic: the entity is optimistic');
    checkPlatform(platform, cfg, r);
    if (typeof cfg.state_topic === 'string') {
      const list = this.byStateTopic.get(cfg.state_topic) ?? [];
      this.byStateTopic.set(cfg.state_topic, [
        ...list.filter((e) => e.config.unique_id !== cfg.unique_id),
        { platform, config: cfg, discoveryTopic },
      ]);
    }
    if (typeof cfg.json_attributes_topic === 'string') this.attributeTopics.add(cfg.json_attributes_topic);
  }

  private checkIdentity(
    platform: string,
    cfg: Obj,
    discoveryTopic: string,
    seen: Set<string>,
    r: Report,
  ): void {
    const uid = cfg.unique_id;
    if (typeof uid !== 'string' || !uid) r('unique-id.required', 'E', 'unique_id missing');
    else {
      const bound = this.uniqueIds.get(uid);
      if (bound && bound !== discoveryTopic) r('unique-id.moved', 'E', `unique_id also used on ${bound}`);
      if (seen.has(uid)) r('unique-id.duplicate', 'E', `unique_id ${uid} used twice`);
      seen.add(uid);
      this.uniqueIds.set(uid, discoveryTopic);
    }
    if ('default_entity_id' in cfg) {
      const value = String(cfg.default_entity_id);
      const dot = value.indexOf('.');
      if (dot < 0 || value.slice(0, dot) !== platform || !ENTITY_ID.test(value.slice(dot + 1)))
        r('default-entity-id.format', 'E', `default_entity_id "${value}" is not ${platform}.<object_id>`);
    }
    if ('object_id' in cfg) r('object-id.deprecated', 'W', 'object_id is ignored since 2026.4');
    const fallback = NAME_FROM_DEVICE_CLASS.has(platform) && 'device_class' in cfg;
    if (!('name' in cfg) && !fallback)
      r('name.missing', 'W', 'no name and no device-class name to fall back on');
  }

  /** Runtime check of a state (or attributes) payload against the entities that read `topic`. */
  checkState(topic: string, payload: Buffer | string): Finding[] {
    const before = this.findings.length;
    const text = typeof payload === 'string' ? payload : payload.toString('utf8');
    const report: Report = (rule, level, message) => this.add(rule, level, topic, message);
    if (this.attributeTopics.has(topic)) checkAttributesPayload(text, report);
    for (const { platform, config } of this.byStateTopic.get(topic) ?? [])
      checkStatePayload(platform, config, text, report);
    return this.findings.slice(before);
  }
}
