import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AmqpServer, BrokerPublisher } from '@mediaflow/messaging';

/** Ready when the publisher is connected and, if the service handles messages, it is consuming. */
@Injectable()
export class BrokerHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly publisher: BrokerPublisher,
    private readonly server: AmqpServer,
  ) {}

  check(key: string): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    if (!this.publisher.isConnected) return indicator.down({ message: 'not connected to the broker (publisher)' });
    const handlesMessages = this.server.getHandlers().size > 0;
    if (handlesMessages && !this.server.isConsuming) {
      return indicator.down({ message: `not consuming ${this.server.queueNames.main}` });
    }
    return indicator.up();
  }
}
