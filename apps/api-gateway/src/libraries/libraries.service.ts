import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { isDuplicateKeyError, Library } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ApiGatewayEnv } from '../config/api-gateway.env';
import { ApiError } from '../http/api-error';
import { pageLimit, toPage, type Page, type PageQuery } from '../http/pagination';
import { toLibraryView, type CreateLibraryDto, type LibraryRecord, type LibraryView, type UpdateLibraryDto } from './library.dto';
import { resolveLibraryRoot } from './library-root.validator';

/** Library CRUD. Every change is announced with library.changed.v1 so watcher, scheduler and workers follow. */
@Injectable()
export class LibrariesService {
  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    private readonly publisher: EventPublisher,
    private readonly env: ApiGatewayEnv,
  ) {}

  async create(input: CreateLibraryDto): Promise<LibraryView> {
    const rootPath = await resolveLibraryRoot(input.rootPath, this.env.LIBRARY_ROOTS);
    let created: LibraryRecord;
    try {
      created = (await this.libraries.create({ ...input, rootPath })).toObject();
    } catch (error) {
      throw await this.conflictOr(error, input.name, rootPath);
    }
    try {
      await this.announce(created._id, LibraryChange.Created);
    } catch (error) {
      // Nobody heard of it yet: undo, so a retry of the same POST does not hit a 409.
      await this.libraries.deleteOne({ _id: created._id });
      throw error;
    }
    return toLibraryView(created);
  }

  async list(query: PageQuery): Promise<Page<LibraryView>> {
    const limit = pageLimit(query);
    const filter = query.cursor ? { _id: { $gt: new Types.ObjectId(query.cursor) } } : {};
    const rows = await this.libraries.find(filter).sort({ _id: 1 }).limit(limit + 1).lean<LibraryRecord[]>();
    return toPage(rows, limit, toLibraryView);
  }

  async get(id: string): Promise<LibraryView> {
    return toLibraryView(await this.find(id));
  }

  async update(id: string, input: UpdateLibraryDto): Promise<LibraryView> {
    const current = await this.find(id);
    if (Object.keys(input).length === 0) return toLibraryView(current);
    let updated: LibraryRecord | null;
    try {
      updated = await this.libraries.findOneAndUpdate({ _id: id }, { $set: input }, { returnDocument: 'after', runValidators: true }).lean<LibraryRecord>();
    } catch (error) {
      throw await this.conflictOr(error, input.name);
    }
    if (!updated) throw notFound(id);
    await this.announce(updated._id, LibraryChange.Updated);
    return toLibraryView(updated);
  }

  /** Removes the library document only; scan-worker and render workers clean up on library.changed.v1. */
  async remove(id: string): Promise<void> {
    const deleted = await this.libraries.findOneAndDelete({ _id: id }).lean<LibraryRecord>();
    if (!deleted) throw notFound(id);
    try {
      await this.announce(deleted._id, LibraryChange.Deleted);
    } catch (error) {
      // Without the message nothing would clean up its images and derivatives: put it back so DELETE can be retried.
      await this.libraries.create(deleted);
      throw error;
    }
  }

  async find(id: string): Promise<LibraryRecord> {
    const library = await this.libraries.findById(id).lean<LibraryRecord>();
    if (!library) throw notFound(id);
    return library;
  }

  private async announce(libraryId: Types.ObjectId, change: LibraryChange): Promise<void> {
    await this.publisher.publish(RoutingKey.LibraryChanged, { libraryId: libraryId.toString(), change });
  }

  /**
   * A duplicate-key error means the name or the rootPath is taken. The store's error does not say
   * which index fired in the same way on MongoDB and FerretDB, so ask the store.
   */
  private async conflictOr(error: unknown, name?: string, rootPath?: string): Promise<unknown> {
    if (!isDuplicateKeyError(error)) return error;
    if (name !== undefined && (await this.libraries.exists({ name: name.trim() }))) {
      return ApiError.conflict('LIBRARY_NAME_TAKEN', `A library named "${name}" already exists; choose another name`);
    }
    return ApiError.conflict('LIBRARY_ROOT_TAKEN', `Another library already indexes ${rootPath ?? 'this rootPath'}`);
  }
}

export function notFound(id: string): ApiError {
  return ApiError.notFound('LIBRARY_NOT_FOUND', `No library with id ${id}`);
}
