import { ItemOutcome, RoutingKey, StageName } from '@mediaflow/contracts';
import { MessageCapture } from '@mediaflow/testing';
import type { StackService } from '../../e2e/support/stack';

const RENDER_STAGES = [StageName.Thumbnail, StageName.Cache];

/**
 * Counts renders from the item reports the render workers publish: a worker reports `done` only after it
 * rendered, stored and recorded a derivative; a redelivered or duplicate request finds it up to date and
 * reports `skipped`. So one `done` per image and stage means no image was rendered twice.
 */
export class RenderLedger {
  private constructor(private readonly capture: MessageCapture) {}

  static async attach(exchange: string): Promise<RenderLedger> {
    return new RenderLedger(await MessageCapture.bind(exchange, [RoutingKey.JobItemsReported]));
  }

  /** How many (stage, image) pairs were rendered more than once; throws when an image was not rendered at all. */
  renderedTwice(images: number): number {
    let twice = 0;
    for (const stage of RENDER_STAGES) {
      const doneReports = new Map<string, number>();
      for (const report of this.capture.of(RoutingKey.JobItemsReported, { stage })) {
        for (const item of report.items.filter((candidate) => candidate.outcome === ItemOutcome.Done)) {
          doneReports.set(item.itemId, (doneReports.get(item.itemId) ?? 0) + 1);
        }
      }
      if (doneReports.size !== images) throw new Error(`${stage}: ${doneReports.size} of ${images} images rendered`);
      twice += [...doneReports.values()].filter((count) => count > 1).length;
    }
    return twice;
  }

  async close(): Promise<void> {
    await this.capture.close();
  }
}

/** Messages of `routingKey` the process handled and acked, from its /metrics. */
export async function ackedBy(service: StackService, routingKey: RoutingKey): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const line = metrics
    .split('\n')
    .find((candidate) => candidate.startsWith('mediaflow_messages_handled_total{') && candidate.includes(`routing_key="${routingKey}"`) && candidate.includes('outcome="acked"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
