import { Command } from '@nestjs/cqrs';
import type { SiteCommand } from '@vigil/domain';
import type { Presented } from '../shared/entity-index';
import type { SiteView } from './site.index';

/** A write to one site; the result is the site afterwards (undefined once removed). */
export class SiteWrite extends Command<Presented<SiteView> | undefined> {
  constructor(
    readonly tenant: string,
    readonly command: SiteCommand,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
