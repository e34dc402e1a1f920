/** Replaces `${NAME}` in every string of a parsed YAML tree; `$${` escapes a literal `${`. Unknown names are reported with their key path. */
export function substituteEnv(
  value: unknown,
  env: Record<string, string | undefined>,
  errors: string[],
  path = '',
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string) => {
      if (match.startsWith('$$')) return match.slice(1);
      const found = env[name];
      if (found === undefined) {
        errors.push(`${path || '(root)'}: environment variable ${name} is not set`);
        return match;
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, errors, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, errors, path ? `${path}.${k}` : k)]),
    );
  }
  return value;
}
