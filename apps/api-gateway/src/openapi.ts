import type { INestApplication } from '@nestjs/common';
import { API_MODULES } from './api-gateway.module';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const DOCS_PATH = 'api/docs';

/** The OpenAPI document of the API (not /health or /metrics), built from the controllers and DTOs (no timestamps: deterministic). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Mediaflow API')
    .setDescription(
      'Libraries, scans, collections, images and background jobs. Every route needs an API key ' +
        '(x-api-key header or Authorization: Bearer); viewer keys may only read. Errors are ' +
        '{"error": {"status", "code", "message", "details"?}}.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api-key')
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
    .build();
  return SwaggerModule.createDocument(app, config, {
    include: API_MODULES,
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
}

/** Serves the UI at /api/docs and the JSON at /api/docs-json. */
export function setUpOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
  return document;
}
