import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** Serves apps/dashboard's build. Imported after every other module: its route matches any GET. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
