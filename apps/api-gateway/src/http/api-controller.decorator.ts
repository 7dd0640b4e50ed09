import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiExceptionFilter } from './api-exception.filter';

/**
 * An API controller: key-protected, with the API's error shape. The filter is bound here and not
 * globally on purpose (see ApiExceptionFilter).
 */
export function ApiController(path: string, tag: string): ClassDecorator {
  return applyDecorators(
    Controller(path),
    UseFilters(ApiExceptionFilter),
    UseGuards(ApiKeyGuard),
    ApiTags(tag),
    ApiSecurity('api-key'),
    ApiBearerAuth('bearer'),
  );
}
