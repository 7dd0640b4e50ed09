/**
 * The services that own a queue (the api-gateway only publishes). Their queue names follow from the
 * service name (QueueNames), so this list is all the gateway needs to know about them.
 */
export const QUEUE_OWNING_SERVICES = ['scheduler', 'watcher', 'scan-worker', 'thumbnail-worker', 'cache-worker', 'job-tracker'] as const;
