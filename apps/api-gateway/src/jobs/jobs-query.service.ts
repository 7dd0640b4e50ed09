import { mayHaveChildren } from '@mediaflow/contracts';
import { BackgroundJob, idPage } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ApiError } from '../http/api-error';
import { pageLimit, toPage, type Page } from '../http/pagination';
import type { JobDetailView, JobListQuery, JobSummaryView } from './job.dto';
import { toJobDetail, toJobSummary, type JobRecord } from './job-views';

/** How many children a job detail lists; the counts cover all of them. */
export const CHILDREN_LISTED = 100;

@Injectable()
export class JobsQueryService {
  constructor(@InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>) {}

  /** Newest first; ObjectIds grow with creation time, so `_id < cursor` is the next page (idPage). */
  async list(query: JobListQuery): Promise<Page<JobSummaryView>> {
    const limit = pageLimit(query);
    const filter: Record<string, unknown> = {};
    if (query.status) filter.status = query.status;
    if (query.type) filter.type = query.type;
    if (query.libraryId) filter.libraryId = new Types.ObjectId(query.libraryId);
    Object.assign(filter, idPage(query.cursor, 'descending'));
    const rows = await this.jobs.find(filter).sort({ _id: -1 }).limit(limit + 1).lean<JobRecord[]>();
    return toPage(rows, limit, toJobSummary);
  }

  async detail(id: string, now = new Date()): Promise<JobDetailView> {
    const job = await this.find(id);
    const children = await this.children(job, CHILDREN_LISTED);
    const childViews = children.map((child) => ({ id: child._id.toString(), type: child.type, status: child.status }));
    return toJobDetail(job, childViews, now);
  }

  /**
   * The job's children, oldest first (up to `limit`); none without a query for a job that cannot have any
   * (mayHaveChildren: on FerretDB/SQLite the query reads every job).
   */
  async children(job: JobRecord, limit = 0): Promise<Array<Pick<JobRecord, '_id' | 'type' | 'status'>>> {
    if (!mayHaveChildren(job)) return [];
    return this.jobs
      .find({ parentId: job._id, ...idPage(null, 'ascending') }, { _id: 1, type: 1, status: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Array<Pick<JobRecord, '_id' | 'type' | 'status'>>>();
  }

  async find(id: string): Promise<JobRecord> {
    const job = await this.jobs.findById(id).lean<JobRecord>();
    if (!job) throw ApiError.notFound('JOB_NOT_FOUND', `No job with id ${id}`);
    return job;
  }
}
