import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildServer } from '../../src/server/app.ts';
import { loadSiteConfig } from '../../src/site.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => {
  await d.close();
});

const serve = (env: NodeJS.ProcessEnv, demo: boolean) =>
  buildServer({
    app: testApp(d).app,
    secureCookies: false,
    cookieSecret: 'test-secret-test-secret-test-secret',
    webRoot: false,
    site: loadSiteConfig(env, demo),
  });

describe('the site identity (GET /api/v1/site)', () => {
  it('in demo mode never claims to be an official site, even when told to', async () => {
    const server = await serve({ REDLINE_OFFICIAL_SITE: 'true' }, true);
    try {
      const res = await server.inject({ method: 'GET', url: '/api/v1/site' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        agencyName: 'Demonstration agency',
        parentAgencyName: null,
        siteAddress: null,
        privacyPolicyUrl: null,
        banner: 'demonstration',
        demo: true,
      });
      const notice = await server.inject({ method: 'GET', url: '/api/v1/system-use-notice' });
      expect(notice.json().notice).toMatch(/not an official government website/);
      expect(notice.json().notice).not.toMatch(/U\.S\. Government information system/);
    } finally {
      await server.close();
    }
  });

  it('comes from the configuration, read before sign-in', async () => {
    const server = await serve(
      {
        REDLINE_AGENCY_NAME: 'U.S. Immigration and Customs Enforcement',
        REDLINE_PARENT_AGENCY_NAME: 'U.S. Department of Homeland Security',
        REDLINE_SITE_ADDRESS: 'redline.example.gov',
        REDLINE_PRIVACY_POLICY_URL: 'https://www.example.gov/privacy',
        REDLINE_OFFICIAL_SITE: 'yes',
      },
      false,
    );
    try {
      const res = await server.inject({ method: 'GET', url: '/api/v1/site' });
      expect(res.json()).toMatchObject({
        agencyName: 'U.S. Immigration and Customs Enforcement',
        parentAgencyName: 'U.S. Department of Homeland Security',
        siteAddress: 'redline.example.gov',
        banner: 'official',
        demo: false,
      });
      const notice = await server.inject({ method: 'GET', url: '/api/v1/system-use-notice' });
      expect(notice.json().notice).toMatch(/U\.S\. Government information system/);
    } finally {
      await server.close();
    }
  });

  it('shows no official banner unless REDLINE_OFFICIAL_SITE is on', () => {
    const site = loadSiteConfig({ REDLINE_AGENCY_NAME: 'State Police' }, false);
    expect(site.banner).toBe('none');
    expect(site.systemUseNotice).toMatch(/State Police/);
    expect(loadConfig({ REDLINE_DEMO: '1' }).site.banner).toBe('demonstration');
  });
});
