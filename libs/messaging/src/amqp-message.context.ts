import { BaseRpcContext } from '@nestjs/microservices';

export interface AmqpMessageInfo {
  routingKey: string;
  correlationId: string;
  jobId?: string;
  /** 1 on the first attempt. */
  attempt: number;
  messageId?: string;
  headers: Record<string, unknown>;
}

/** The transport's context object: what a handler may know about the message it is handling. */
export class AmqpMessageContext extends BaseRpcContext<[AmqpMessageInfo]> {
  constructor(info: AmqpMessageInfo) {
    super([info]);
  }

  get info(): AmqpMessageInfo {
    return this.getArgByIndex(0);
  }
}
