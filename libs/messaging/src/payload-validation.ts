import { isRoutingKey, MESSAGE_CONTRACTS, type MessagePayload, type RoutingKey } from '@mediaflow/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { InvalidMessageError } from './message-errors';

/**
 * Turns raw JSON into the routing key's payload class, or throws InvalidMessageError naming every
 * field that is wrong. Unknown fields are refused too: they usually mean producer and consumer
 * disagree about the contract version.
 */
export function parsePayload<K extends RoutingKey>(routingKey: K, raw: unknown): MessagePayload<K> {
  if (!isRoutingKey(routingKey)) {
    throw new InvalidMessageError(`unknown routing key "${routingKey}"`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidMessageError(`payload of ${routingKey} must be a JSON object`);
  }
  const contract: new () => object = MESSAGE_CONTRACTS[routingKey];
  const instance = plainToInstance(contract, raw) as MessagePayload<K>;
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new InvalidMessageError(`invalid ${routingKey} payload: ${formatValidationErrors(errors)}`);
  }
  return instance;
}

export function formatValidationErrors(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((error) => {
      const path = parent ? `${parent}.${error.property}` : error.property;
      const own = Object.values(error.constraints ?? {}).map((message) =>
        message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`,
      );
      const nested = error.children?.length ? [formatValidationErrors(error.children, path)] : [];
      return [...own, ...nested];
    })
    .join('; ');
}
