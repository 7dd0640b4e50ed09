import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { APP_ENV_CLASSES } from '../shared/app-env-classes';
import { checkCompose, type ComposeFile, type ComposeService } from './compose.checker';

const ROOT = path.resolve(__dirname, '../..');
const composeText = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

/** A fresh copy per test: YAML anchors share objects between services, so a broken variant must not leak. */
function loadCompose(): ComposeFile & { services: Record<string, ComposeService> } {
  return JSON.parse(JSON.stringify(parse(composeText, { merge: true })));
}

function environmentOf(compose: ComposeFile, app: string): Record<string, unknown> {
  return compose.services?.[app]?.environment as Record<string, unknown>;
}

describe(checkCompose.name, () => {
  it('finds nothing wrong with docker-compose.yml and the Dockerfile', () => {
    expect(checkCompose(loadCompose(), dockerfile)).toEqual([]);
  });

  it('reports an app whose environment lacks a required variable', () => {
    const sut = loadCompose();
    delete environmentOf(sut, 'watcher').MONGO_URL;
    expect(checkCompose(sut, dockerfile)).toEqual([expect.stringMatching(/^watcher: WatcherEnv rejects .*MONGO_URL \(not set\)/)]);
  });

  it('reports an app whose environment has an invalid value', () => {
    const sut = loadCompose();
    environmentOf(sut, 'scheduler').AMQP_URL = 'http://rabbitmq:5672';
    expect(checkCompose(sut, dockerfile)).toEqual([expect.stringMatching(/^scheduler: .*AMQP_URL = "http:\/\/rabbitmq:5672"/)]);
  });

  it('reports a variable that the env class does not read', () => {
    const sut = loadCompose();
    environmentOf(sut, 'cache-worker').LOG_LEVL = 'debug';
    expect(checkCompose(sut, dockerfile)).toEqual(['cache-worker: sets LOG_LEVL, which CacheWorkerEnv does not read']);
  });

  it('reports a healthcheck on another port than HTTP_PORT', () => {
    const sut = loadCompose();
    environmentOf(sut, 'job-tracker').HTTP_PORT = '4000';
    expect(checkCompose(sut, dockerfile)).toEqual(['job-tracker: healthcheck probes port 3006, but HTTP_PORT is 4000']);
  });

  it('reports an app built without its APP arg', () => {
    const sut = loadCompose();
    sut.services['scan-worker'].build = { context: '.', args: { APP: 'cache-worker' } };
    expect(checkCompose(sut, dockerfile)).toEqual(['scan-worker: must be built with build arg APP=scan-worker']);
  });

  it('reports an app that may start before the broker is healthy', () => {
    const sut = loadCompose();
    sut.services['api-gateway'].depends_on = ['rabbitmq', 'mongo'];
    expect(checkCompose(sut, dockerfile)).toEqual([
      'api-gateway: must depend on rabbitmq with condition: service_healthy',
      'api-gateway: must depend on mongo with condition: service_healthy',
    ]);
  });

  it('reports a missing app', () => {
    const sut = loadCompose();
    delete sut.services['thumbnail-worker'];
    expect(checkCompose(sut, dockerfile)).toEqual(['thumbnail-worker: missing from services']);
  });

  it('reports an infrastructure service without a healthcheck', () => {
    const sut = loadCompose();
    delete sut.services.mongo.healthcheck;
    expect(checkCompose(sut, dockerfile)).toEqual(['mongo: missing, or without a healthcheck for the apps to wait on']);
  });

  it('reports a Dockerfile without ARG APP', () => {
    const withoutArg = dockerfile.replace(/^ARG APP$/m, '');
    expect(checkCompose(loadCompose(), withoutArg)).toEqual(['Dockerfile: does not declare ARG APP']);
  });

  it('reports a healthcheck script that the Dockerfile does not create', () => {
    const withoutScript = dockerfile.replaceAll('/usr/local/lib/mediaflow/healthcheck.cjs', '/healthcheck.cjs');
    expect(checkCompose(loadCompose(), withoutScript)).toHaveLength(Object.keys(APP_ENV_CLASSES).length);
  });
});

describe('APP_ENV_CLASSES', () => {
  it('lists every service under apps/ (a folder with src/main.ts; the dashboard is files the gateway serves)', () => {
    const apps = readdirSync(path.join(ROOT, 'apps'), { withFileTypes: true }).filter(
      (entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'apps', entry.name, 'src', 'main.ts')),
    );
    expect(Object.keys(APP_ENV_CLASSES).sort()).toEqual(apps.map((entry) => entry.name).sort());
  });
});
