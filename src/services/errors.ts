import type { GateResult } from '../domain/types.ts';

export interface FieldProblem {
  /** Dotted path of the field, e.g. `notice.expiresOn` or `warrants.0.charge`. */
  field: string;
  message: string;
  /** The rule the value breaks, where one applies (e.g. `SUBSTANCE-STOCK-PHRASE`). */
  rule?: string;
  /** A stable code for what is wrong with the field, for a client to show in its own words or language. */
  code?: string;
}

/**
 * Every refusal a service gives. The server turns it into application/problem+json with the
 * stable `code`, the plain `message`, and the detail.
 */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 429 | 503,
    readonly code: string,
    message: string,
    readonly detail: {
      fields?: FieldProblem[];
      rule?: string;
      gates?: GateResult[];
      [key: string]: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const invalid = (message: string, fields: FieldProblem[]) =>
  new ServiceError(422, 'invalid_input', message, { fields });

export const notFound = (what: string) => new ServiceError(404, 'not_found', `${what} was not found.`);

export const conflict = (code: string, message: string, detail: ServiceError['detail'] = {}) =>
  new ServiceError(409, code, message, detail);

/** A refusal by the permission policy: always carries the rule that refused. */
export class PermissionDenied extends ServiceError {
  constructor(rule: string, message: string) {
    super(403, 'forbidden', message, { rule });
  }
}

/**
 * A refusal because of office scope that must not tell whether the record exists: the answer is the
 * same as for an unknown id (a 404, or a 409 that names no record), while the audit entry records the
 * rule as `denied`. The rule is kept out of `detail`, so the answer carries nothing more than a
 * not-found does.
 */
export class ScopeRefusal extends ServiceError {
  constructor(
    status: 404 | 409,
    code: string,
    message: string,
    readonly auditRule = 'SCOPE-OWN-OFFICE',
  ) {
    super(status, code, message);
  }
}
