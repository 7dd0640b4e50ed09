import { IsEnum, IsMongoId } from 'class-validator';
import { ScheduleChange } from '../enums';

export class ScheduleChangedV1 {
  @IsMongoId()
  scheduleId!: string;

  @IsEnum(ScheduleChange)
  change!: ScheduleChange;
}
