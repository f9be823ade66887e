/**
 * What the site says about itself: the agency that runs it, its address, and the banner at the top of
 * every page. From the environment (see README "Site identity"); served to the web application at
 * GET /api/v1/site. A demonstration never claims to be an official site of a real agency.
 */

export type BannerKind = 'official' | 'demonstration' | 'none';

export interface SiteConfig {
  /** The agency that runs this installation ("Demonstration agency" in demo mode unless configured). */
  agencyName: string;
  /** The agency's parent department, when there is one. */
  parentAgencyName: string | null;
  /** The site's address shown in the footer (e.g. redline.example.gov), when configured. */
  siteAddress: string | null;
  /** Link to the agency's privacy policy, when configured. */
  privacyPolicyUrl: string | null;
  /**
   * `official`: the USWDS banner "An official website of the United States government" (only when
   * REDLINE_OFFICIAL_SITE is on and not in demo mode); `demonstration`: a banner saying this is a
   * demonstration and not an official government website (always in demo mode); `none` otherwise.
   */
  banner: BannerKind;
  demo: boolean;
  /** The notice shown before sign-in and returned at sign-in. */
  systemUseNotice: string;
}

export const DEMO_AGENCY_NAME = 'Demonstration agency';

const OFFICIAL_NOTICE =
  'You are accessing a U.S. Government information system. Use of this system is for authorized purposes only, ' +
  'may be monitored, recorded and audited, and unauthorized or improper use may result in disciplinary action and ' +
  'civil and criminal penalties. By using this system you consent to such monitoring. Data in this system is ' +
  'Law Enforcement Sensitive.';

const DEMO_NOTICE =
  'This is a demonstration of Redline with fictional people and cases. It is not an official government ' +
  'website or information system. Do not enter real personal data. Actions are recorded in the demonstration’s ' +
  'audit log.';

const ORGANISATION_NOTICE = (agency: string) =>
  `You are accessing an information system of ${agency}. Use is for authorized purposes only and is monitored, ` +
  'recorded and audited. Unauthorized or improper use may result in disciplinary action and legal penalties. ' +
  'Data in this system is Law Enforcement Sensitive.';

function bool(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

const text = (v: string | undefined): string | null => (v?.trim() ? v.trim() : null);

export function loadSiteConfig(env: NodeJS.ProcessEnv, demo: boolean): SiteConfig {
  const official = !demo && bool(env.REDLINE_OFFICIAL_SITE);
  const agencyName = text(env.REDLINE_AGENCY_NAME) ?? (demo ? DEMO_AGENCY_NAME : 'Agency not configured');
  return {
    agencyName,
    parentAgencyName: text(env.REDLINE_PARENT_AGENCY_NAME),
    siteAddress: text(env.REDLINE_SITE_ADDRESS),
    privacyPolicyUrl: text(env.REDLINE_PRIVACY_POLICY_URL),
    banner: demo ? 'demonstration' : official ? 'official' : 'none',
    demo,
    systemUseNotice: demo ? DEMO_NOTICE : official ? OFFICIAL_NOTICE : ORGANISATION_NOTICE(agencyName),
  };
}

/** What a server built without a configuration (tests) says: a demonstration. */
export const DEFAULT_SITE: SiteConfig = loadSiteConfig({}, true);
