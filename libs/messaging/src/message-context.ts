import { Inject, Injectable, Scope } from '@nestjs/common';
import { CONTEXT, type RequestContext } from '@nestjs/microservices';
import { AmqpMessageContext } from './amqp-message.context';

/**
 * Request-scoped: Nest builds a new one, and a new instance of everything that depends on it, for each
 * message. It is how handler code reaches the message's correlation data without any singleton holding it.
 */
@Injectable({ scope: Scope.REQUEST })
export class MessageContext {
  readonly correlationId: string;
  readonly jobId?: string;
  readonly attempt: number;
  readonly routingKey: string;

  constructor(@Inject(CONTEXT) request: RequestContext<unknown, AmqpMessageContext>) {
    const context = request.getContext();
    if (!(context instanceof AmqpMessageContext)) {
      throw new Error('MessageContext can only be injected into code that handles a broker message');
    }
    const { correlationId, jobId, attempt, routingKey } = context.info;
    this.correlationId = correlationId;
    this.jobId = jobId;
    this.attempt = attempt;
    this.routingKey = routingKey;
  }
}
