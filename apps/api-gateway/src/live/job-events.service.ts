import { RoutingKey } from '@mediaflow/contracts';
import { BroadcastSubscriber } from '@mediaflow/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { JobStreamEventName } from './job-event.dto';

export interface JobStreamEvent {
  type: JobStreamEventName;
  data: object;
}

const STREAMED_KEYS = { [RoutingKey.JobUpdated]: JobStreamEventName.Updated, [RoutingKey.JobFinished]: JobStreamEventName.Finished } as const;

/**
 * Job updates for this replica's browsers. Every gateway replica receives every update (a broadcast
 * subscription), because a browser's stream is held open by whichever replica it reached.
 */
@Injectable()
export class JobEventsService implements OnModuleInit {
  private readonly events = new Subject<JobStreamEvent>();

  constructor(private readonly subscriber: BroadcastSubscriber) {}

  get stream(): Observable<JobStreamEvent> {
    return this.events.asObservable();
  }

  get isLive(): boolean {
    return this.subscriber.isConsuming;
  }

  async onModuleInit(): Promise<void> {
    await this.subscriber.subscribe(Object.keys(STREAMED_KEYS) as Array<keyof typeof STREAMED_KEYS>, (routingKey, payload) => {
      const type = STREAMED_KEYS[routingKey as keyof typeof STREAMED_KEYS];
      if (type) this.events.next({ type, data: payload });
    });
  }
}
