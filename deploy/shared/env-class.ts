import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import type { AppEnvClass } from './app-env-classes';

/** Read by node or the OS, not by an env class. */
export const RUNTIME_VARS = new Set(['NODE_ENV', 'NODE_OPTIONS', 'TZ']);

/** The env vars an app reads: the validated properties of its env class (inherited ones included). */
export function envVarsRead(EnvClass: AppEnvClass): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvClass, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
}

/** One problem per variable set in `names` that the env class does not read. */
export function unknownVars(names: Iterable<string>, EnvClass: AppEnvClass): string[] {
  const read = envVarsRead(EnvClass);
  return [...names].filter((name) => !read.has(name) && !RUNTIME_VARS.has(name)).map((name) => `sets ${name}, which ${EnvClass.name} does not read`);
}

export interface EnvCheck {
  /** The app's config as it would boot with this environment (defaults filled in). */
  config: InstanceType<AppEnvClass>;
  /** Each variable the class rejects, with its reasons: "AMQP_URL (not set): ...". */
  problems: string[];
}

/**
 * What validateEnv (libs/config) does, with its options, but per variable and without throwing, so a
 * caller can leave out variables whose values it cannot see (a Secret that lives only in the cluster).
 */
export function checkEnv(EnvClass: AppEnvClass, env: Record<string, string | undefined>, unseen: ReadonlySet<string> = new Set()): EnvCheck {
  const config = plainToInstance(EnvClass, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const problems = validateSync(config, { whitelist: true, skipMissingProperties: false })
    .filter((error) => !unseen.has(error.property))
    .map((error) => {
      const given = env[error.property];
      const reasons = Object.values(error.constraints ?? {}).join(', ');
      return `${error.property}${given === undefined ? ' (not set)' : ` = "${given}"`}: ${reasons}`;
    });
  return { config, problems };
}
