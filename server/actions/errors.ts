import 'server-only';
/** A refusal of the write API with its HTTP status and a detail a person can act on. */
export class ActionError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** Extra members of the problem document (e.g. the missing permissions, the migration). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ActionError';
  }
}
