import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiProperty, ApiPropertyOptional, ApiUnauthorizedResponse } from '@nestjs/swagger';

class ErrorDetailDto {
  @ApiPropertyOptional({ example: 'rootPath' }) field?: string;
  @ApiProperty({ example: 'rootPath must be a string' }) message!: string;
}

class ErrorContentDto {
  @ApiProperty({ example: 404 }) status!: number;
  @ApiProperty({ example: 'LIBRARY_NOT_FOUND' }) code!: string;
  @ApiProperty({ example: 'No library with id 65a1f0c2e4b0a1b2c3d4e5f6' }) message!: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto] }) details?: ErrorDetailDto[];
}

/** The shape of every error response, for the OpenAPI document. */
export class ErrorBodyDto {
  @ApiProperty({ type: ErrorContentDto }) error!: ErrorContentDto;
}

/** The errors every API route can answer with. */
export function ApiErrorResponses(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Invalid input or malformed id' }),
    ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'Missing or invalid API key' }),
    ApiForbiddenResponse({ type: ErrorBodyDto, description: 'A viewer key tried to write' }),
    ApiNotFoundResponse({ type: ErrorBodyDto, description: 'Unknown id' }),
  );
}
