export interface DevSecrets {
  values: { AUTH_JWT_SECRET: string; PROVIDER_WEBHOOK_SECRET: string };
  file: string;
  generated: string[];
  fromEnv: string[];
}

export declare function loadDevSecrets(options: { root: string; file?: string; rotate?: boolean; env?: NodeJS.ProcessEnv }): DevSecrets;
export declare function parse(text: string): Record<string, string>;
