export enum ScanMode {
  Full = 'full',
  Incremental = 'incremental',
}

export enum LibraryStatus {
  Online = 'online',
  Offline = 'offline',
  Degraded = 'degraded',
  NeedsAttention = 'needs_attention',
}

export enum DerivativeKind {
  Thumbnail = 'thumbnail',
  Cache = 'cache',
}

export enum DerivativeState {
  Pending = 'pending',
  Ready = 'ready',
  Failed = 'failed',
}

export enum LibraryChange {
  Created = 'created',
  Updated = 'updated',
  Deleted = 'deleted',
}
