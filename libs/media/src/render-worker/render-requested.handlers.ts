import { RoutingKey, type ItemReport, RenderRequestedV1 } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RenderRequestService } from './render-request.service';

// Two controllers because a routing key is fixed in a decorator; RenderWorkerModule mounts the one for its kind.

@Controller()
export class ThumbnailRequestedHandler {
  constructor(private readonly renderRequests: RenderRequestService) {}

  @EventPattern(RoutingKey.ThumbnailRequested)
  async handle(@Payload() request: RenderRequestedV1): Promise<ItemReport> {
    return this.renderRequests.handle(request);
  }
}

@Controller()
export class CacheRequestedHandler {
  constructor(private readonly renderRequests: RenderRequestService) {}

  @EventPattern(RoutingKey.CacheRequested)
  async handle(@Payload() request: RenderRequestedV1): Promise<ItemReport> {
    return this.renderRequests.handle(request);
  }
}
