import { Injectable } from '@nestjs/common';

/** Components report here when they are up; /health is 200 only when every registered one is. */
@Injectable()
export class Readiness {
  private readonly parts = new Map<string, { ready: boolean; detail?: string }>();

  expect(part: string): void {
    if (!this.parts.has(part)) this.parts.set(part, { ready: false, detail: 'starting' });
  }

  set(part: string, ready: boolean, detail?: string): void {
    this.parts.set(part, { ready, detail });
  }

  get ready(): boolean {
    return this.parts.size > 0 && [...this.parts.values()].every((p) => p.ready);
  }

  snapshot(): Record<string, { ready: boolean; detail?: string }> {
    return Object.fromEntries(this.parts);
  }
}
