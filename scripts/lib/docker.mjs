import { log, run, succeeds } from './exec.mjs';

export function dockerEngineAnswers() {
  return succeeds('docker', ['info']);
}

export function dockerComposeUp(root, services) {
  log(`starting ${services.join(', ')} with docker compose`);
  run('docker', ['compose', 'up', '-d', '--wait', ...services], { cwd: root });
}
