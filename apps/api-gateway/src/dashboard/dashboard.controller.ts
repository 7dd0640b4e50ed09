import { Controller, Get, NotFoundException, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createReadStream } from 'node:fs';
import { ApiGatewayEnv } from '../config/api-gateway.env';
import { resolveDashboardFile } from './dashboard-files';

interface ResponseLike {
  setHeader(name: string, value: string): unknown;
}

// Paths another part of the gateway owns; they must never fall back to the app's index.html.
const RESERVED = /^(api|health|metrics)(\/|$)/;

/** The dashboard's built files at /, with index.html for any other path (routes live in the browser). */
@Controller()
@ApiExcludeController()
export class DashboardController {
  constructor(private readonly env: ApiGatewayEnv) {}

  @Get('{*path}')
  async serve(@Param('path') path: string[] | undefined, @Res({ passthrough: true }) response: ResponseLike): Promise<StreamableFile> {
    const urlPath = (path ?? []).join('/');
    const file = RESERVED.test(urlPath) ? null : await resolveDashboardFile(this.env.DASHBOARD_DIR, urlPath);
    if (!file) {
      throw new NotFoundException(`Nothing at /${urlPath}. If you expected the dashboard, build it (npm run build) into ${this.env.DASHBOARD_DIR}.`);
    }
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return new StreamableFile(createReadStream(file.path));
  }
}
