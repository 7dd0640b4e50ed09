import { APP_ENV_CLASSES, type AppEnvClass } from '../shared/app-env-classes';
import { checkEnv, unknownVars } from '../shared/env-class';

type KeyValues = Record<string, unknown> | string[];

export interface ComposeService {
  build?: string | { context?: string; dockerfile?: string; args?: KeyValues };
  environment?: KeyValues;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string } | undefined>;
}

export interface ComposeFile {
  services?: Record<string, ComposeService | null | undefined>;
}

const INFRASTRUCTURE = ['rabbitmq', 'mongo'] as const;

/** What would make `docker compose up` start a stack that cannot boot or never reports healthy; [] when none. */
export function checkCompose(compose: ComposeFile, dockerfileText: string): string[] {
  const services = compose.services ?? {};
  const problems: string[] = [];
  if (!/^\s*ARG\s+APP\b/m.test(dockerfileText)) problems.push('Dockerfile: does not declare ARG APP');
  for (const name of INFRASTRUCTURE) {
    if (!hasHealthcheck(services[name])) problems.push(`${name}: missing, or without a healthcheck for the apps to wait on`);
  }
  for (const [app, EnvClass] of Object.entries(APP_ENV_CLASSES)) {
    const service = services[app];
    const appProblems = service ? checkApp(app, service, EnvClass, dockerfileText) : ['missing from services'];
    problems.push(...appProblems.map((problem) => `${app}: ${problem}`));
  }
  for (const [name, service] of Object.entries(services)) {
    if (service?.build !== undefined && !(name in APP_ENV_CLASSES)) {
      problems.push(`${name}: built from the Dockerfile but not listed in APP_ENV_CLASSES`);
    }
  }
  return problems;
}

function checkApp(app: string, service: ComposeService, EnvClass: AppEnvClass, dockerfileText: string): string[] {
  const environment = keyValues(service.environment);
  const problems = [...checkBuild(app, service.build), ...checkDependsOn(service.depends_on), ...unknownVars(Object.keys(environment), EnvClass)];
  const env = checkEnv(EnvClass, environment);
  if (env.problems.length > 0) problems.push(`${EnvClass.name} rejects the environment: ${env.problems.join('; ')}`);
  const httpPort = env.problems.length > 0 ? undefined : env.config.HTTP_PORT;
  return [...problems, ...checkHealthcheck(service.healthcheck, httpPort, dockerfileText)];
}

function checkBuild(app: string, build: ComposeService['build']): string[] {
  if (typeof build !== 'object' || build === null) return [`must be built with build.args.APP: ${app}`];
  const problems: string[] = [];
  if ((build.context ?? '.').replace(/\/$/, '') !== '.' || (build.dockerfile ?? 'Dockerfile') !== 'Dockerfile') {
    problems.push('must be built from the Dockerfile at the repository root (context ".")');
  }
  if (keyValues(build.args).APP !== app) problems.push(`must be built with build arg APP=${app}`);
  return problems;
}

function checkDependsOn(dependsOn: ComposeService['depends_on']): string[] {
  // The list form means condition: service_started, which lets an app boot before the broker accepts logins.
  const conditions = Array.isArray(dependsOn) ? {} : (dependsOn ?? {});
  return INFRASTRUCTURE.filter((name) => conditions[name]?.condition !== 'service_healthy').map(
    (name) => `must depend on ${name} with condition: service_healthy`,
  );
}

function checkHealthcheck(healthcheck: ComposeService['healthcheck'], httpPort: number | undefined, dockerfileText: string): string[] {
  if (!hasHealthcheck({ healthcheck })) return ['has no healthcheck'];
  const words = [healthcheck?.test ?? []].flat().join(' ').split(/\s+/);
  const problems: string[] = [];
  const probedPort = words.map((word) => /:(\d+)\/health$/.exec(word)?.[1]).find(Boolean);
  if (httpPort !== undefined && probedPort !== String(httpPort)) {
    problems.push(`healthcheck probes ${probedPort ? `port ${probedPort}` : 'no /health URL'}, but HTTP_PORT is ${httpPort}`);
  }
  for (const script of words.filter((word) => /^\/\S+\.c?js$/.test(word))) {
    if (!dockerfileText.includes(script)) problems.push(`healthcheck runs ${script}, which the Dockerfile does not create`);
  }
  return problems;
}

function hasHealthcheck(service: ComposeService | null | undefined): boolean {
  const test = [service?.healthcheck?.test ?? []].flat();
  return !service?.healthcheck?.disable && test.length > 0 && test[0] !== 'NONE';
}

/** Compose takes a map or a KEY=VALUE list; a bare KEY copies the host's value, which the stack must not rely on. */
function keyValues(value: KeyValues | undefined): Record<string, string | undefined> {
  const pairs = Array.isArray(value)
    ? value.map((item) => {
        const [key, ...rest] = item.split('=');
        return [key, rest.length > 0 ? rest.join('=') : undefined];
      })
    : Object.entries(value ?? {}).map(([key, item]) => [key, item === null || item === undefined ? undefined : String(item)]);
  return Object.fromEntries(pairs.map(([key, item]) => [key, item === undefined ? undefined : interpolate(item)]));
}

/** What compose makes of `${NAME:-default}` when NAME is not set in the shell: the default. */
function interpolate(value: string): string {
  return value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_match, fallback: string | undefined) => fallback ?? '');
}
