import { DerivativeKind } from '@mediaflow/contracts';

export type DerivativeFormat = 'webp' | 'jpeg';

/** What one kind of derivative looks like: a box it fits inside (never enlarged) and an encoding. */
export interface DerivativeSpec {
  kind: DerivativeKind;
  maxWidth: number;
  maxHeight: number;
  format: DerivativeFormat;
  /** 1-100. */
  quality: number;
  /** JPEG only: progressive scans, so a large viewer image shows early. */
  progressive: boolean;
}

/** Thumbnails for the grid: small WebP. Cache images for the viewer: large progressive JPEG. */
export const DEFAULT_DERIVATIVE_SPECS: Readonly<Record<DerivativeKind, DerivativeSpec>> = {
  [DerivativeKind.Thumbnail]: {
    kind: DerivativeKind.Thumbnail,
    maxWidth: 320,
    maxHeight: 320,
    format: 'webp',
    quality: 80,
    progressive: false,
  },
  [DerivativeKind.Cache]: {
    kind: DerivativeKind.Cache,
    maxWidth: 1920,
    maxHeight: 1920,
    format: 'jpeg',
    quality: 85,
    progressive: true,
  },
};

/** The default spec of a kind with some settings overridden (from the app's env). */
export function derivativeSpec(kind: DerivativeKind, overrides: Partial<Omit<DerivativeSpec, 'kind'>> = {}): DerivativeSpec {
  return { ...DEFAULT_DERIVATIVE_SPECS[kind], ...overrides, kind };
}

export function fileExtension(format: DerivativeFormat): string {
  return format === 'jpeg' ? 'jpg' : format;
}
