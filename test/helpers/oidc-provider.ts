/**
 * A real OpenID Connect provider (`oidc-provider`) on a local port, for the single sign-on tests: the HTTP
 * test plays the browser over fetch, the end-to-end test drives Chromium through the provider's own login
 * and consent pages (its development interactions: any password is accepted for a known account).
 *
 * The provider listens first (its address is its issuer), and serves once Redline's redirect address is
 * known (`serve`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** The claims of an account the provider knows, by subject. */
export type ProviderAccounts = Record<string, Record<string, unknown>>;

export interface LocalProvider {
  issuer: string;
  server: Server;
  /** Registers Redline as the one client and starts answering. */
  serve(client: { clientId: string; clientSecret: string; redirectUri: string }): void;
  close(): Promise<void>;
}

/** Starts the provider's HTTP server on 127.0.0.1 (`port` 0: a free port). `accounts` is read at each sign-in. */
export async function startOidcProvider(accounts: ProviderAccounts, port = 0): Promise<LocalProvider> {
  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    server,
    serve(client) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: [client.redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        findAccount: async (_ctx, sub) =>
          accounts[sub]
            ? { accountId: sub, claims: async () => accounts[sub] as { sub: string } }
            : undefined,
        claims: {
          openid: ['sub'],
          profile: ['name', 'preferred_username'],
          email: ['email'],
          groups: ['groups'],
        },
        scopes: ['openid', 'profile', 'email', 'groups'],
        conformIdTokenClaims: false,
        pkce: { required: () => true },
        cookies: { keys: ['cookie-key-for-tests-only-0123456789'] },
      });
      server.on('request', provider.callback());
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
