import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyRegistry } from './auth/api-key.registry';
import { FailuresController } from './failures/failures.controller';
import { FailuresService } from './failures/failures.service';
import { BodyErrorHandler } from './http/body-error.handler';
import { createValidationPipe } from './http/validation.pipe';
import { JobCommandsService } from './jobs/job-commands.service';
import { JobsController } from './jobs/jobs.controller';
import { JobsQueryService } from './jobs/jobs-query.service';
import { RenderRetryService } from './jobs/render-retry.service';
import { LibrariesController } from './libraries/libraries.controller';
import { LibrariesService } from './libraries/libraries.service';
import { LibraryOverviewService } from './libraries/library-overview.service';
import { CollectionsController } from './media/collections.controller';
import { DerivativeFileService } from './media/derivative-file.service';
import { ImagesController } from './media/images.controller';
import { MediaQueryService } from './media/media-query.service';
import { ScanRequestService } from './scans/scan-request.service';
import { ScansController } from './scans/scans.controller';

/** The HTTP API under /api/v1 (the prefix comes from the RouterModule registration in ApiGatewayModule). */
@Module({
  controllers: [LibrariesController, ScansController, CollectionsController, ImagesController, JobsController, FailuresController],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    ApiKeyRegistry,
    BodyErrorHandler,
    ApiKeyGuard,
    LibrariesService,
    LibraryOverviewService,
    ScanRequestService,
    MediaQueryService,
    DerivativeFileService,
    JobsQueryService,
    JobCommandsService,
    RenderRetryService,
    FailuresService,
  ],
})
export class HttpApiModule {}
