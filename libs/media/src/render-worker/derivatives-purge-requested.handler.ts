import { DerivativesPurgeRequestedV1, RoutingKey } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DerivativePurgeService } from './derivative-purge.service';

@Controller()
export class DerivativesPurgeRequestedHandler {
  constructor(private readonly purge: DerivativePurgeService) {}

  @EventPattern(RoutingKey.DerivativesPurgeRequested)
  async handle(@Payload() request: DerivativesPurgeRequestedV1): Promise<void> {
    await this.purge.purgeImages(request.libraryId, request.imageIds);
  }
}
