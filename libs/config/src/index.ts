export { loadConfig, loadConfigOrExit, loadServiceConfig, ConfigError } from './load';
export {
  DEVELOPMENT_SECRETS,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_WEBHOOK_SECRET,
  MODE_VARIABLE,
  DEVELOPMENT_MODE,
  isDevelopmentMode,
  developmentSecretProblems,
} from './development-secrets';
export { baseConfigSchema, eventStoreConfigSchema, eventStoreSchemaName, grpcServerConfigSchema, type BaseConfig } from './schemas';
