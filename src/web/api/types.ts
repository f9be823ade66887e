// Shapes of the API responses the web application reads. The OpenAPI document at /api/v1/openapi.json is the
// reference; keep these in step with the Zod schemas in src/server/routes.

export const ROLES = [
  'officer',
  'supervisor',
  'liaison',
  'attorney',
  'auditor',
  'training_coordinator',
  'administrator',
  'director',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  officer: 'Officer',
  supervisor: 'Supervisor',
  liaison: 'INTERPOL Washington liaison',
  attorney: 'Agency attorney',
  auditor: 'Auditor',
  training_coordinator: 'Training coordinator',
  administrator: 'Administrator',
  director: 'Field office director',
};

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  officeId: string | null;
  disabled: boolean;
  locked: boolean;
}

export interface SessionView {
  user: PublicUser;
  csrfToken: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  systemUseNotice: string;
}
