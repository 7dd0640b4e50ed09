export * from './schedule-run-decision.enum';
export * from './watch-status.enum';
