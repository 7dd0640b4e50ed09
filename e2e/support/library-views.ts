import type { ApiClient } from './api-client';

export interface ImageView {
  id: string;
  collectionId: string;
  relativePath: string;
  size: number;
  fingerprint: string | null;
  derivatives: Record<'thumbnail' | 'cache', { state: string; url: string | null }>;
}

export interface CollectionView {
  id: string;
  relativePath: string;
  imageCount: number;
}

export interface JobView {
  id: string;
  type: string;
  status: string;
  createdAt: string;
  stages: Array<{ name: string; status: string; total: number | null; done: number; failed: number; skipped: number }>;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const TERMINAL_JOB = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

/** Every page of a listing, as a client walks it. */
export async function allPages<T>(api: ApiClient, route: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = route.includes('?') ? '&' : '?';
    const page: Page<T> = await api.ok<Page<T>>('GET', `${route}${separator}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function libraryCollections(api: ApiClient, libraryId: string): Promise<CollectionView[]> {
  return allPages<CollectionView>(api, `/libraries/${libraryId}/collections`);
}

/** The library's live images by relative path. */
export async function libraryImages(api: ApiClient, libraryId: string): Promise<Map<string, ImageView>> {
  const byPath = new Map<string, ImageView>();
  for (const collection of await libraryCollections(api, libraryId)) {
    (await allPages<ImageView>(api, `/collections/${collection.id}/images`)).forEach((image) => byPath.set(image.relativePath, image));
  }
  return byPath;
}

export async function libraryJobs(api: ApiClient, libraryId: string, type: string): Promise<JobView[]> {
  return allPages<JobView>(api, `/jobs?libraryId=${libraryId}&type=${type}`);
}

export const thumbnailReady = (image: ImageView | undefined): boolean => image?.derivatives.thumbnail.state === 'ready';
