/** Where the integration tests find the real broker and store (scripts/test.mjs sets these). */
export function testBrokerUrl(): string {
  return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

export function testStoreUrl(): string {
  return process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
}
