import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation } from '@nestjs/swagger';
import { ScanMode } from '@mediaflow/contracts';
import { ApiController } from '../http/api-controller.decorator';
import { ApiErrorResponses } from '../http/error-body.dto';
import { ParseObjectIdPipe } from '../http/object-id.pipe';
import { RequestScanDto, ScanAcceptedView } from './scan.dto';
import { ScanRequestService } from './scan-request.service';

@ApiController('libraries', 'scans')
@ApiErrorResponses()
export class ScansController {
  constructor(private readonly scans: ScanRequestService) {}

  @Post(':id/scans')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a scan of the library; follow it with GET /jobs/{jobId}' })
  @ApiAcceptedResponse({ type: ScanAcceptedView })
  request(@Param('id', ParseObjectIdPipe) id: string, @Body() body: RequestScanDto): Promise<ScanAcceptedView> {
    return this.scans.request(id, body.mode ?? ScanMode.Incremental);
  }
}
