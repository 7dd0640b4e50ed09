import { spawnSync } from 'node:child_process';

/** Runs a command, inheriting stdio; throws with the command line when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result;
}

/** Whether a command exists and exits 0 (output discarded). */
export function succeeds(command, args) {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

export function hasCommand(command) {
  return succeeds('sh', ['-c', `command -v ${command}`]);
}

export function log(message) {
  process.stderr.write(`[mediaflow] ${message}\n`);
}
