// A consumer replica in its own process, for the crash test: it takes one message, says so on stdout and
// never finishes, so the test can SIGKILL it mid-handling. Plain JS on the built libs (npm test builds first).
require('reflect-metadata');
const { Controller, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { EventPattern } = require('@nestjs/microservices');
const { RoutingKey } = require('@mediaflow/contracts');
const { MessagingModule, startMessaging, AmqpServer } = require('@mediaflow/messaging');

const options = JSON.parse(process.argv[2]);

class HangingController {
  onLibraryChanged(payload) {
    process.stdout.write(`started ${payload.libraryId}\n`);
    return new Promise(() => undefined);
  }
}
const method = Object.getOwnPropertyDescriptor(HangingController.prototype, 'onLibraryChanged');
EventPattern(RoutingKey.LibraryChanged)(HangingController.prototype, 'onLibraryChanged', method);
Controller()(HangingController);

class FixtureModule {}
Module({ imports: [MessagingModule.forRootAsync({ useFactory: () => options })], controllers: [HangingController] })(FixtureModule);

(async () => {
  const app = await NestFactory.create(FixtureModule, { logger: ['error'] });
  await startMessaging(app);
  await app.init();
  await app.get(AmqpServer).waitUntilConsuming();
  process.stdout.write('consuming\n');
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
