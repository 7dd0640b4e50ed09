import { All } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiError } from './api-error';
import { ApiController } from './api-controller.decorator';

/**
 * Unknown routes under /api/v1 answer in the API's error shape (Nest's own 404 would use the global
 * filter). Registered last, so it only catches what no other route matched.
 */
@ApiController('', 'fallback')
@ApiExcludeController()
export class FallbackController {
  @All('*path')
  notFound(): never {
    throw ApiError.notFound('ROUTE_NOT_FOUND', 'No such API route; see /api/docs for the routes this API has');
  }
}
