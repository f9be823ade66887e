import type { Role } from '../api/types.ts';

/**
 * The screens of the web application and the roles that see each in the navigation. The server enforces
 * the same rules on every API call (src/domain/permissions.ts); this list only decides what is offered.
 */
export interface Screen {
  path: string;
  label: string;
  roles: readonly Role[];
  /** Shown in the primary navigation. */
  nav: boolean;
}

const ALL: readonly Role[] = [
  'officer',
  'supervisor',
  'liaison',
  'attorney',
  'auditor',
  'training_coordinator',
  'administrator',
  'director',
];
const CASE_READERS: readonly Role[] = ['officer', 'supervisor', 'liaison', 'attorney', 'auditor', 'director'];

export const SCREENS = {
  home: { path: '/', label: 'Home', roles: ALL, nav: true },
  account: { path: '/account', label: 'Your account', roles: ALL, nav: false },
  cases: { path: '/cases', label: 'Cases', roles: CASE_READERS, nav: true },
  newCase: { path: '/cases/new', label: 'New case', roles: ['officer', 'supervisor'], nav: true },
  approval: { path: '/cases/:id/approval', label: 'Approval', roles: ['supervisor'], nav: false },
  liaison: { path: '/liaison', label: 'INTERPOL Washington', roles: ['liaison'], nav: true },
  statusFeed: { path: '/liaison/status-feed', label: 'Notice status feed', roles: ['liaison'], nav: true },
  dashboard: {
    path: '/dashboard',
    label: 'Dashboard',
    roles: ['supervisor', 'auditor', 'director'],
    nav: true,
  },
  training: {
    path: '/training',
    label: 'Training',
    roles: ['training_coordinator', 'supervisor', 'administrator', 'auditor'],
    nav: true,
  },
  users: { path: '/admin/users', label: 'Users', roles: ['administrator'], nav: true },
  policy: { path: '/admin/policy', label: 'Policy settings', roles: ['administrator'], nav: true },
  countryContext: {
    path: '/admin/country-context',
    label: 'Country context',
    roles: ['administrator'],
    nav: true,
  },
  legacyImport: { path: '/admin/import', label: 'Import', roles: ['administrator'], nav: true },
  emailDelivery: {
    path: '/admin/email-delivery',
    label: 'Notification e-mail',
    roles: ['administrator'],
    nav: true,
  },
  rescreen: {
    path: '/rescreen',
    label: 'Re-screen cases',
    roles: ['supervisor', 'administrator'],
    nav: true,
  },
  audit: { path: '/audit', label: 'Audit', roles: ['auditor'], nav: true },
  packetTranslations: {
    path: '/packet-translations',
    label: 'Packet translations',
    roles: ['training_coordinator', 'attorney', 'auditor'],
    nav: true,
  },
  rereview: {
    path: '/rereview',
    label: 'Re-review',
    roles: ['supervisor', 'attorney', 'auditor', 'director'],
    nav: true,
  },
  report: {
    path: '/reports/oversight',
    label: 'Oversight report',
    roles: ['auditor', 'director', 'supervisor'],
    nav: true,
  },
  oversightReferrals: {
    path: '/oversight/referrals',
    label: 'Referrals to oversight',
    roles: ['auditor'],
    nav: true,
  },
  rules: { path: '/who-may-do-what', label: 'Who may do what', roles: ALL, nav: false },
  notifications: { path: '/notifications', label: 'Notifications', roles: ALL, nav: false },
} as const satisfies Record<string, Screen>;

export type ScreenId = keyof typeof SCREENS;

export function screensFor(role: Role | undefined): Screen[] {
  if (!role) return [];
  return Object.values(SCREENS).filter((s) => s.nav && (s.roles as readonly Role[]).includes(role));
}

export function canSee(role: Role | undefined, screen: ScreenId): boolean {
  return !!role && (SCREENS[screen].roles as readonly Role[]).includes(role);
}
