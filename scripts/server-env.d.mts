export declare const SERVER_ENV_DEFAULTS: Record<string, string>;
export declare function withServerEnvDefaults<T extends Record<string, string | undefined>>(
  env: T,
): T & Record<string, string>;
