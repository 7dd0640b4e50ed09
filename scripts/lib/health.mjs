/** Waits until every service's /health answers 200 (ready: broker and store reachable). */
export async function waitForHealth(services, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(services.map((service) => service.name));
  while (pending.size > 0) {
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs / 1000} s: ${[...pending].join(', ')}`);
    for (const service of services.filter((candidate) => pending.has(candidate.name))) {
      if (await isReady(service.port)) pending.delete(service.name);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function isReady(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}
