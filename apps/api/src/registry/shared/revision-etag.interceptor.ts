import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/** Sends an entity's revision as its ETag, so If-Match can carry it back on the next write. */
@Injectable()
export class RevisionEtagInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        const revision = (body as { revision?: unknown } | undefined)?.revision;
        if (typeof revision === 'number') ctx.switchToHttp().getResponse<Response>().setHeader('ETag', `"${revision}"`);
        return body;
      }),
    );
  }
}
