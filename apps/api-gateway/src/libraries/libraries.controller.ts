import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiController } from '../http/api-controller.decorator';
import { ApiErrorResponses } from '../http/error-body.dto';
import { ParseObjectIdPipe } from '../http/object-id.pipe';
import { PageQuery } from '../http/pagination';
import { CreateLibraryDto, LibraryPage, LibraryView, UpdateLibraryDto } from './library.dto';
import { LibrariesService } from './libraries.service';
import { LibraryOverview } from './library-overview.dto';
import { LibraryOverviewService } from './library-overview.service';

@ApiController('libraries', 'libraries')
@ApiErrorResponses()
export class LibrariesController {
  constructor(
    private readonly libraries: LibrariesService,
    private readonly overviews: LibraryOverviewService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a library (rootPath must be a readable directory inside LIBRARY_ROOTS)' })
  @ApiCreatedResponse({ type: LibraryView })
  create(@Body() body: CreateLibraryDto): Promise<LibraryView> {
    return this.libraries.create(body);
  }

  @Get()
  @ApiOkResponse({ type: LibraryPage })
  list(@Query() query: PageQuery): Promise<LibraryPage> {
    return this.libraries.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: LibraryView })
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<LibraryView> {
    return this.libraries.get(id);
  }

  @Get(':id/overview')
  @ApiOperation({ summary: 'Counts by media kind and derivative state (ready, failed, pending), the last and next scan, watch status' })
  @ApiOkResponse({ type: LibraryOverview })
  overview(@Param('id', ParseObjectIdPipe) id: string): Promise<LibraryOverview> {
    return this.overviews.overview(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: LibraryView })
  update(@Param('id', ParseObjectIdPipe) id: string, @Body() body: UpdateLibraryDto): Promise<LibraryView> {
    return this.libraries.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a library: its records and derivatives are removed by the workers; source files are never touched' })
  @ApiNoContentResponse()
  async remove(@Param('id', ParseObjectIdPipe) id: string): Promise<void> {
    await this.libraries.remove(id);
  }
}
