import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/gen-api-types.ts';

// The web application's API types are generated from the OpenAPI document (the Zod schemas of the routes).
// Whoever changes a route's schema regenerates them; this test fails until they do.
describe('the web application API types', () => {
  it('are the ones the current route schemas generate', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const generated = await generateApiTypes();
    if (committed !== generated) {
      expect.fail(
        'src/web/api/schema.gen.ts is out of step with the route schemas in src/server/routes. ' +
          'Run `npm run gen:api-types` and commit the result.',
      );
    }
  });

  it('come out the same each time', async () => {
    expect(await generateApiTypes()).toBe(await generateApiTypes());
  });
});
