import { RoutingKey, type DerivativesCleanupRequestedV1 } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DerivativesCleanupService } from '../cleanup/derivatives-cleanup.service';

@Controller()
export class DerivativesCleanupRequestedHandler {
  constructor(private readonly cleanup: DerivativesCleanupService) {}

  @EventPattern(RoutingKey.DerivativesCleanupRequested)
  async handle(@Payload() request: DerivativesCleanupRequestedV1): Promise<void> {
    await this.cleanup.cleanUp(request);
  }
}
