// Shapes of the API, as the web application sees them. They are not written here: src/web/api/schema.gen.ts
// is generated from the OpenAPI document (the Zod schemas in src/server/routes) by `npm run gen:api-types`,
// and this file gives the parts the screens use their names. After changing a route's schema, regenerate;
// test/server/api-types.test.ts fails until the generated file is in step.
import type { paths } from './schema.gen.ts';

export type { paths };

/** A path of the API as the web client names it, without /api/v1 (e.g. '/cases/{id}'). */
export type ApiPath = keyof paths;
export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Operation<P extends ApiPath, M extends ApiMethod> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body of the success answer (200, else 201) of an operation. */
export type Res<P extends ApiPath, M extends ApiMethod = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer S }
      ? Json<S>
      : R extends { 201: infer S }
        ? Json<S>
        : never
    : never;

/** The JSON request body of an operation. */
export type Body<P extends ApiPath, M extends ApiMethod> = Json<NonNullable<Operation<P, M>['requestBody']>>;

/** The query parameters of an operation. */
export type Query<P extends ApiPath, M extends ApiMethod = 'get'> = NonNullable<
  Operation<P, M>['parameters']['query']
>;

/** One element of an array type. */
export type Item<A> = A extends readonly (infer T)[] ? T : never;

export const ROLES = [
  'officer',
  'supervisor',
  'liaison',
  'attorney',
  'auditor',
  'training_coordinator',
  'administrator',
  'director',
] as const satisfies readonly SessionView['user']['role'][];
export type Role = SessionView['user']['role'];

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

export type SessionView = Res<'/session', 'get'>;
export type PublicUser = Item<Res<'/users', 'get'>['items']>;
/** A user's id, display name and role, as the lists of names give them. */
export type UserName = Item<Res<'/users/names', 'get'>['items']>;
