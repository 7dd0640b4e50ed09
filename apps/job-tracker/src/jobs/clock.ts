import { Injectable } from '@nestjs/common';

/** The time, behind a seam so rules that stamp dates can be tested. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
