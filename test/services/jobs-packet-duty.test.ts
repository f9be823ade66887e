/**
 * The "not served" duty also finds a case whose newest disclosure packet has not been served on the
 * person (a packet generated after the last service), and stops once it is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { currentPolicy } from '../../src/services/context.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import { SCANS } from '../../src/services/jobs/duties.ts';
import { generatePacket } from '../../src/services/packet/generate.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let walk: ReturnType<typeof caseWalker>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  walk = caseWalker(t);
  await seedDemo(t.system);
}, 120_000);
afterAll(async () => d.close());

describe('disclosure_not_served', () => {
  it('names a case whose newest packet was never served, until it is', async () => {
    const c = await walk.open('officer', { purpose: 'immigration_proceedings' });
    await walk.confirmAndRequest(c.id, 'officer');
    const documentIds = await walk.receiveDocuments(c.id);
    const officer = await walk.as('officer');
    const scan = async () =>
      (await SCANS.disclosure_not_served(d.db, t.clock.now(), await currentPolicy(d.db))).rows.filter(
        (r) => r.caseId === c.id,
      );
    // Documents received, nothing served: the documents line.
    expect((await scan()).map((r) => r.text)).toEqual([expect.stringContaining('have not been served')]);
    // Served (without a packet): nothing to say.
    await recordDisclosure(officer, c.id, {
      servedAt: t.clock.now(),
      method: 'mail',
      recipient: 'Counsel',
      language: 'fr',
      documentIds,
    });
    expect(await scan()).toEqual([]);
    // A packet generated afterwards and not served: the packet line, naming it.
    t.clock.advance(60_000);
    const packet = await generatePacket(officer, c.id, { language: 'fr' });
    const found = await scan();
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toContain(packet.reference);
    // Served: nothing again.
    t.clock.advance(60_000);
    await recordDisclosure(officer, c.id, {
      servedAt: t.clock.now(),
      method: 'mail',
      recipient: 'Counsel',
      language: 'fr',
      documentIds,
      packetId: packet.id,
    });
    expect(await scan()).toEqual([]);
  }, 180_000);
});
