export { loadConfig, loadConfigOrExit, ConfigError } from './load';
export { baseConfigSchema, grpcServerConfigSchema, type BaseConfig } from './schemas';
