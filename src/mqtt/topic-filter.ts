/** Whether an MQTT topic matches a subscription filter: `+` is one level, a final `#` the rest (MQTT 3.1.1 §4.7). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  // Wildcards at the first level never match topics starting with `$` (MQTT-4.7.2-1).
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    const level = f[i]!;
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Whether a topic is fit to publish to: non-empty, no wildcards, no NUL, at most 65 535 UTF-8 bytes. */
export function isPublishTopic(topic: string): boolean {
  return (
    topic.length > 0 &&
    !/[+#]/.test(topic) &&
    !topic.includes('\u0000') &&
    Buffer.byteLength(topic, 'utf8') <= 65_535
  );
}
