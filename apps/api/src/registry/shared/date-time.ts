import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

// A time without a zone would be read in the server's zone: require Z or an offset.
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with a time zone, e.g. `2025-06-02T10:00:00Z`. */
export const IsDateTime = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date-time, e.g. 2025-06-02T10:00:00Z' }),
    Matches(WITH_ZONE, { message: '$property must carry a time zone (Z or ±hh:mm), e.g. 2025-06-02T10:00:00Z' }),
  );

export const toEpoch = (iso: string): number => Date.parse(iso);
export const toEpochOrUndefined = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));
export const toIso = (epochMs: number): string => new Date(epochMs).toISOString();
