import { Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ApiController } from '../http/api-controller.decorator';
import { ApiErrorResponses } from '../http/error-body.dto';
import { ParseObjectIdPipe } from '../http/object-id.pipe';
import { PageQuery } from '../http/pagination';
import { ImageListQuery } from './image-metadata.dto';
import { CollectionPage, ImagePage } from './media.dto';
import { MediaQueryService } from './media-query.service';

@ApiController('', 'collections')
@ApiErrorResponses()
export class CollectionsController {
  constructor(private readonly media: MediaQueryService) {}

  @Get('libraries/:id/collections')
  @ApiOkResponse({ type: CollectionPage })
  collections(@Param('id', ParseObjectIdPipe) id: string, @Query() query: PageQuery): Promise<CollectionPage> {
    return this.media.collectionsOf(id, query);
  }

  @Get('collections/:id/images')
  @ApiOkResponse({ type: ImagePage, description: 'Live images of the collection, ordered by id or (sort=takenAt) by date taken' })
  images(@Param('id', ParseObjectIdPipe) id: string, @Query() query: ImageListQuery): Promise<ImagePage> {
    return this.media.imagesOf(id, query);
  }
}
