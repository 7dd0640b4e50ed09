import { JobStatus, MEDIA_KINDS } from '@mediaflow/contracts';
import { WatchStatus } from '@mediaflow/persistence';
import { ApiProperty } from '@nestjs/swagger';

/** A media kind of libs/media's mediaKindOf, or 'unknown' for records written before the kind was stored. */
export const OVERVIEW_KINDS = [...MEDIA_KINDS, 'unknown'] as const;
export type OverviewKind = (typeof OVERVIEW_KINDS)[number];

export class DerivativeStateCounts {
  @ApiProperty({ description: 'Derivative records in state ready' }) ready!: number;
  @ApiProperty({ description: 'Derivative records in state failed' }) failed!: number;
  @ApiProperty({ description: 'Images of the kind minus ready minus failed (never negative)' }) pending!: number;
}

export class MediaKindOverview {
  @ApiProperty({ enum: OVERVIEW_KINDS }) kind!: OverviewKind;
  @ApiProperty({ description: 'Live (not deleted) images of this kind' }) images!: number;
  @ApiProperty({ type: DerivativeStateCounts }) thumbnail!: DerivativeStateCounts;
  @ApiProperty({ type: DerivativeStateCounts }) cache!: DerivativeStateCounts;
}

export class LastScanView {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: JobStatus, nullable: true, description: 'null when the job was deleted by retention' }) status!: JobStatus | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'finishedAt - startedAt; null until the job ends' }) durationMs!: number | null;
}

export class LibraryWatchView {
  @ApiProperty({ description: 'The library asks to be watched' }) enabled!: boolean;
  @ApiProperty({ enum: WatchStatus }) status!: WatchStatus;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class LibraryOverview {
  @ApiProperty() libraryId!: string;
  @ApiProperty({ description: 'Live images of the library, all kinds' }) images!: number;
  @ApiProperty({ type: [MediaKindOverview], description: 'Only the kinds the library has images or derivative records of' })
  mediaKinds!: MediaKindOverview[];
  @ApiProperty({ type: LastScanView, nullable: true, description: 'The scan that last updated the library, null before the first' })
  lastScan!: LastScanView | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The scan schedule's next run (as on the library)" })
  nextScanAt!: string | null;
  @ApiProperty({ type: LibraryWatchView }) watch!: LibraryWatchView;
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'When the counts were taken: on a large library they are reused for a while (4× what counting took, at least 1 s)',
  })
  countedAt!: string;
}
