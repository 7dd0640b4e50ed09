import { Controller, Injectable, Scope } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RoutingKey, type LibraryChangedV1 } from '@mediaflow/contracts';
import { currentLogContext } from '@mediaflow/observability';
import { randomUUID } from 'node:crypto';
import { MessageContext } from '../message-context';

export interface HandledRecord {
  libraryId: string;
  attempt: number;
  correlationId: string;
  logCorrelationId?: string;
  scopedInstanceId: string;
  at: number;
}

/** What the fixture handler does with each message; tests swap it per case. */
@Injectable()
export class HandlerBehaviour {
  readonly handled: HandledRecord[] = [];
  run: (payload: LibraryChangedV1, context: MessageContext) => Promise<void> = async () => undefined;
}

/** Request-scoped: a new instance per message proves per-message DI scopes. */
@Injectable({ scope: Scope.REQUEST })
export class ScopedProbe {
  readonly instanceId = randomUUID();
}

@Controller()
export class RecordingController {
  constructor(
    private readonly behaviour: HandlerBehaviour,
    private readonly context: MessageContext,
    private readonly probe: ScopedProbe,
  ) {}

  @EventPattern(RoutingKey.LibraryChanged)
  async onLibraryChanged(@Payload() payload: LibraryChangedV1): Promise<void> {
    await this.behaviour.run(payload, this.context);
    this.behaviour.handled.push({
      libraryId: payload.libraryId,
      attempt: this.context.attempt,
      correlationId: this.context.correlationId,
      logCorrelationId: currentLogContext()?.correlationId,
      scopedInstanceId: this.probe.instanceId,
      at: Date.now(),
    });
  }
}
