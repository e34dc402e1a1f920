/** The config file every command reads when `--config` is not given (relative to the working directory), and where `hashheat init` writes. */
export const DEFAULT_CONFIG = 'config/hashheat.yaml';
