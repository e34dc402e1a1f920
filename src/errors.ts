/** Why a device or source call failed. */
export type DeviceErrorCode = 'UNREACHABLE' | 'TIMEOUT' | 'AUTH' | 'BAD_RESPONSE' | 'UNSUPPORTED' | 'REFUSED';

/** A typed failure from an adapter or source, with whether a retry may help. */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    readonly retryable: boolean = code === 'UNREACHABLE' || code === 'TIMEOUT' || code === 'REFUSED',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A config that failed validation; the CLI prints it and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly issues: string[],
    headline = 'invalid config',
  ) {
    super(`${headline}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/** Short text of any thrown value, for logs and statuses. */
export function errorText(error: unknown): string {
  if (error instanceof DeviceError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
