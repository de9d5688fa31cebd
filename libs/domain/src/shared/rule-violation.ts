/** A command broke a business rule: nothing is appended; HTTP answers 409 with `code`. */
export class RuleViolation extends Error {
  constructor(
    readonly code: string,
    message: string = code,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

/** The command names an entity that does not exist: HTTP answers 404. */
export class NotFound extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} '${id}' not found`);
    this.name = 'NotFound';
  }
}
