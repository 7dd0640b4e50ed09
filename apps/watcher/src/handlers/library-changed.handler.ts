import { RoutingKey, type LibraryChangedV1 } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { WatchSupervisor } from '../watching/watch-supervisor';

/**
 * Any library change makes this replica reconcile at once. Replicas share one queue, so only one of
 * them gets the message; the holder of that library's lease follows at its next round anyway.
 */
@Controller()
export class LibraryChangedHandler {
  constructor(private readonly supervisor: WatchSupervisor) {}

  @EventPattern(RoutingKey.LibraryChanged)
  handle(@Payload() _change: LibraryChangedV1): void {
    this.supervisor.wake();
  }
}
