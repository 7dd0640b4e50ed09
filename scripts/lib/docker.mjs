import { log, run, succeeds } from './exec.mjs';

export function dockerEngineAnswers() {
  return succeeds('docker', ['info']);
}

export function dockerComposeUp(root, services) {
  log(`starting ${services.join(', ')} with docker compose`);
  // infra-ports.yml publishes RabbitMQ and MongoDB on localhost so the host-side scripts and tests reach them.
  const files = ['-f', 'docker-compose.yml', '-f', 'deploy/compose/infra-ports.yml'];
  run('docker', ['compose', ...files, 'up', '-d', '--wait', ...services], { cwd: root });
}
