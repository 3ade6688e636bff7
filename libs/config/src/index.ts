export { loadConfig, loadConfigOrExit, ConfigError } from './load';
export { baseConfigSchema, eventStoreConfigSchema, eventStoreSchemaName, grpcServerConfigSchema, type BaseConfig } from './schemas';
