import { RoutingKey, type LibraryScanRequestedV1 } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { LibraryScanService } from '../scan/library-scan.service';

@Controller()
export class LibraryScanRequestedHandler {
  constructor(private readonly scans: LibraryScanService) {}

  @EventPattern(RoutingKey.LibraryScanRequested)
  async handle(@Payload() request: LibraryScanRequestedV1): Promise<void> {
    await this.scans.scan(request);
  }
}
