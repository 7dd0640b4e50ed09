export * from './job.enums';
export * from './library.enums';
export * from './schedule.enums';
