import { DerivativeKind } from '@mediaflow/contracts';
import { Get, Headers, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { createReadStream } from 'node:fs';
import { ApiGatewayEnv } from '../config/api-gateway.env';
import { ApiController } from '../http/api-controller.decorator';
import { ApiErrorResponses } from '../http/error-body.dto';
import { ParseObjectIdPipe } from '../http/object-id.pipe';
import { cacheControlFor, matchesIfNoneMatch } from './derivative-http';
import { DerivativeFileService } from './derivative-file.service';
import { DerivativeQuery, ImageView } from './media.dto';
import { MediaQueryService } from './media-query.service';

interface ResponseLike {
  status(code: number): unknown;
  setHeader(name: string, value: string | number): unknown;
}

@ApiController('images', 'images')
@ApiErrorResponses()
export class ImagesController {
  constructor(
    private readonly media: MediaQueryService,
    private readonly files: DerivativeFileService,
    private readonly env: ApiGatewayEnv,
  ) {}

  @Get(':id')
  @ApiOkResponse({ type: ImageView })
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<ImageView> {
    return this.media.image(id);
  }

  @Get(':id/thumbnail')
  @ApiOperation({ summary: 'The grid thumbnail (WebP); 404 with the reason until it is ready' })
  @ApiProduces('image/webp')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotModifiedResponse({ description: 'If-None-Match matched the ETag' })
  thumbnail(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: DerivativeQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) response: ResponseLike,
  ): Promise<StreamableFile | undefined> {
    return this.serve(id, DerivativeKind.Thumbnail, query, ifNoneMatch, response);
  }

  @Get(':id/cache')
  @ApiOperation({ summary: 'The large viewer image (JPEG); 404 with the reason until it is ready' })
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotModifiedResponse({ description: 'If-None-Match matched the ETag' })
  cache(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: DerivativeQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) response: ResponseLike,
  ): Promise<StreamableFile | undefined> {
    return this.serve(id, DerivativeKind.Cache, query, ifNoneMatch, response);
  }

  private async serve(
    id: string,
    kind: DerivativeKind,
    query: DerivativeQuery,
    ifNoneMatch: string | undefined,
    response: ResponseLike,
  ): Promise<StreamableFile | undefined> {
    // Both by _id and independent (a derivative's id is made from its image's), so asked at once.
    const [image, record] = await Promise.all([this.media.findImage(id), this.media.derivative(id, kind)]);
    const file = await this.files.locate(image, kind, record);
    response.setHeader('ETag', file.etag);
    response.setHeader('Cache-Control', cacheControlFor(query.v, file.sourceFingerprint, this.env.DERIVATIVE_MAX_AGE_S));
    if (matchesIfNoneMatch(ifNoneMatch, file.etag)) {
      response.status(304);
      return undefined;
    }
    return new StreamableFile(createReadStream(file.absolutePath), { type: file.contentType, length: file.size });
  }
}
