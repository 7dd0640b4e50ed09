import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
}

/**
 * Reads the environment into a typed, validated config object once at start. Any problem stops the app
 * with one message listing every variable that is wrong and what it must be.
 */
export function validateEnv<T extends object>(schema: new () => T, env: Record<string, string | undefined>): T {
  const config = plainToInstance(schema, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      const reasons = Object.values(error.constraints ?? {}).join(', ');
      const given = env[error.property];
      return `  ${error.property}${given === undefined ? ' (not set)' : ` = "${given}"`}: ${reasons}`;
    });
    throw new InvalidConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  return config;
}
