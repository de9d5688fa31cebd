import { Command } from '@nestjs/cqrs';
import type { NgiCommand, NgiData } from '@vigil/domain';
import type { Presented } from '../shared/entity-index';

/** A write to one NGI; the result is the NGI afterwards (undefined once removed). */
export class NgiWrite extends Command<Presented<NgiData> | undefined> {
  constructor(
    readonly tenant: string,
    readonly command: NgiCommand,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
