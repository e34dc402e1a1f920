/** Options of one publish. */
export interface PublishOptions {
  retain?: boolean;
  qos?: 0 | 1;
}

/** A received message; `retained` is true for messages the broker replayed on subscribe. */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
  retained: boolean;
}

/**
 * The MQTT port the agent, Home Assistant bridge, MQTT sources and MQTT-driven miners share: one
 * connection per agent. Subscriptions survive reconnects; publishes while offline are queued.
 */
export interface MqttBus {
  readonly connected: boolean;
  publish(topic: string, payload: string | Buffer, options?: PublishOptions): void;
  /** Subscribes to a topic filter (wildcards allowed); returns the unsubscribe function. */
  subscribe(filter: string, handler: (message: MqttMessage) => void): () => void;
  /** Called after every (re)connect, after subscriptions are restored. Returns the unsubscribe function. */
  onConnect(listener: () => void): () => void;
  close(): Promise<void>;
}
