import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ApiError } from './api-error';
import { toErrorBody } from './error-mapping';

describe(toErrorBody.name, () => {
  it('keeps an ApiError as it is, with details', () => {
    const error = ApiError.badRequest('VALIDATION_FAILED', 'Invalid request: check name', [{ field: 'name', message: 'name must be a string' }]);
    expect(toErrorBody(error)).toEqual({
      error: { status: 400, code: 'VALIDATION_FAILED', message: 'Invalid request: check name', details: [{ field: 'name', message: 'name must be a string' }] },
    });
  });

  it('leaves details out when there are none', () => {
    expect(toErrorBody(ApiError.notFound('LIBRARY_NOT_FOUND', 'No library with id x'))).toEqual({
      error: { status: 404, code: 'LIBRARY_NOT_FOUND', message: 'No library with id x' },
    });
  });

  it('gives Nest HTTP exceptions a code from their status', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x')).error).toEqual({ status: 404, code: 'NOT_FOUND', message: 'Cannot GET /x' });
    expect(toErrorBody(new PayloadTooLargeException()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('explains a body that is not JSON', () => {
    const error = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, type: 'entity.parse.failed' });
    expect(toErrorBody(error).error).toEqual({
      status: 400,
      code: 'MALFORMED_JSON',
      message: 'The request body is not valid JSON: Unexpected end of JSON input',
    });
  });

  it('maps an unreachable broker to 503', () => {
    const error = Object.assign(new Error('cannot publish x: not connected'), { name: 'BrokerUnavailableError' });
    expect(toErrorBody(error).error).toMatchObject({ status: 503, code: 'BROKER_UNAVAILABLE' });
  });

  it('hides the internals of anything else behind a 500', () => {
    expect(toErrorBody(new TypeError('x is undefined')).error).toEqual({
      status: 500,
      code: 'INTERNAL_ERROR',
      message: 'Unexpected error; the gateway log has the details.',
    });
  });
});
