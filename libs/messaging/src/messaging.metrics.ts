import { Counter, Histogram } from 'prom-client';

// Module-level so that several transports in one process (tests, hybrid apps) share one registration.
export const publishCounter = new Counter({
  name: 'mediaflow_messages_published_total',
  help: 'Messages published, by routing key and whether the broker confirmed them.',
  labelNames: ['routing_key', 'result'],
});

export const handledCounter = new Counter({
  name: 'mediaflow_messages_handled_total',
  help: 'Messages consumed, by routing key and outcome (acked, retried, dead_lettered, requeued).',
  labelNames: ['routing_key', 'outcome'],
});

export const handlingSeconds = new Histogram({
  name: 'mediaflow_message_handling_seconds',
  help: 'Time spent in a message handler, by routing key.',
  labelNames: ['routing_key'],
  buckets: [0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 30, 120],
});
