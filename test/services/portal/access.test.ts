/** Counsel portal access codes: issued once, stored only as hashes, expire, revoke, one-time link. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/demo/seed.ts';
import { callAsUser } from '../../../src/services/context.ts';
import {
  findUsableAccess,
  issuePortalAccessForCase,
  normaliseAccessCode,
  revokePortalAccess,
} from '../../../src/services/portal/access.ts';
import type { Database } from '../../../src/store/db.ts';
import { testApp } from '../../helpers/app.ts';
import { caseWalker } from '../../helpers/case-walk.ts';
import { testDatabase } from '../../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let walk: ReturnType<typeof caseWalker>;
const DAY = 86_400_000;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  walk = caseWalker(t);
});
afterAll(async () => d.close());

describe('portal access codes', () => {
  it('returns the code and link once and stores only their hashes', async () => {
    const c = await walk.open('officer');
    const issued = await issuePortalAccessForCase(await callAsUser(t.app, 'officer'), c.id);
    expect(issued.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const row = await d.db
      .selectFrom('portal_access')
      .selectAll()
      .where('id', '=', issued.accessId)
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(issued.code);
    expect(stored).not.toContain(normaliseAccessCode(issued.code)!);
    expect(stored).not.toContain(issued.linkToken);
    // expiry from the policy (90 days when not set)
    expect(new Date(row.expires_at).getTime() - t.clock.now().getTime()).toBe(90 * DAY);
    const audit = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'portal_access.issue')
      .where('entity_id', '=', issued.accessId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.detail)).not.toContain(normaliseAccessCode(issued.code)!);
  });

  it('accepts the code as typed (lower case, spaces, confusable letters) and refuses others', async () => {
    const c = await walk.open('officer');
    const issued = await issuePortalAccessForCase(await callAsUser(t.app, 'officer'), c.id);
    const typed = issued.code.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o');
    const found = await findUsableAccess(d.db, { code: typed }, t.clock.now());
    expect(found?.caseId).toBe(c.id);
    expect(await findUsableAccess(d.db, { code: 'AAAA-BBBB-CCCC-DDDD' }, t.clock.now())).toBeNull();
    expect(await findUsableAccess(d.db, { code: "' or 1=1 --" }, t.clock.now())).toBeNull();
  });

  it('expires after the policy days and ends when revoked', async () => {
    const c = await walk.open('officer');
    const issued = await issuePortalAccessForCase(await callAsUser(t.app, 'officer'), c.id);
    const now = t.clock.now();
    expect(
      await findUsableAccess(d.db, { code: issued.code }, new Date(now.getTime() + 89 * DAY)),
    ).not.toBeNull();
    expect(
      await findUsableAccess(d.db, { code: issued.code }, new Date(now.getTime() + 90 * DAY)),
    ).toBeNull();
    await expect(
      revokePortalAccess(await callAsUser(t.app, 'officer'), issued.accessId, 'Counsel changed.'),
    ).rejects.toMatchObject({ status: 403 });
    await revokePortalAccess(await callAsUser(t.app, 'attorney'), issued.accessId, 'Counsel changed.');
    expect(await findUsableAccess(d.db, { code: issued.code }, now)).toBeNull();
    expect(await findUsableAccess(d.db, { linkToken: issued.linkToken }, now)).toBeNull();
  });

  it('an access of another office is not found, the same as an unknown one', async () => {
    const c = await walk.open('officer2'); // Miami; the attorney is of New York
    const issued = await issuePortalAccessForCase(await callAsUser(t.app, 'officer2'), c.id);
    const other = revokePortalAccess(await callAsUser(t.app, 'attorney'), issued.accessId, 'Not ours.');
    await expect(other).rejects.toMatchObject({ status: 404 });
    const unknown = revokePortalAccess(
      await callAsUser(t.app, 'attorney'),
      '00000000-0000-4000-8000-000000000000',
      'Not ours.',
    );
    await expect(unknown).rejects.toMatchObject({ status: 404 });
  });
});
