export enum MisfirePolicy {
  Skip = 'skip',
  FireOnce = 'fire_once',
  FireAll = 'fire_all',
}

export enum OverlapPolicy {
  Skip = 'skip',
  BufferOne = 'buffer_one',
  Allow = 'allow',
}

export enum ScheduleChange {
  Created = 'created',
  Updated = 'updated',
  Deleted = 'deleted',
}
