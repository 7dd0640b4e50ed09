import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeyRegistry } from '../auth/api-key.registry';
import { FallbackController } from './fallback.controller';

/** Imported after every API module: Express matches routes in registration order, and this one matches anything. */
@Module({ controllers: [FallbackController], providers: [ApiKeyRegistry, ApiKeyGuard] })
export class FallbackModule {}
