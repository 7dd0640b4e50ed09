import { Injectable } from '@nestjs/common';

/** The scheduler's only source of "now", so unit tests can drive time. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
