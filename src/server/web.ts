/**
 * Serves the built web application (dist/web, made by `npm run build:web`) at `/`. Any GET for a path outside
 * /api that is not a file gets index.html, so that the browser's router can show the page. No API data is
 * served from here: the application reads everything through /api/v1 with the user's session.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** `REDLINE_WEB_DIR` points elsewhere (e.g. a separate build for parallel test runs). */
export const DEFAULT_WEB_ROOT =
  process.env.REDLINE_WEB_DIR || fileURLToPath(new URL('../../dist/web', import.meta.url));

export function webBuildPresent(root: string = DEFAULT_WEB_ROOT): boolean {
  return existsSync(`${root}/index.html`);
}

/** Registers static serving; returns false (and serves nothing) when there is no build. */
export async function registerWeb(
  server: FastifyInstance,
  root: string = DEFAULT_WEB_ROOT,
): Promise<boolean> {
  if (!webBuildPresent(root)) return false;
  await server.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // scripts/build-web.mjs writes .br and .gz beside each text asset.
    preCompressed: true,
    // Hashed assets never change; index.html must always be fetched fresh.
    // @fastify/static 10 passes the Fastify reply here.
    setHeaders(reply: { header(name: string, value: string): unknown }, path: string) {
      reply.header(
        'cache-control',
        /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return true;
}

/** True when a request that matched no route should get the web application's page. */
export function wantsWebPage(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split('?')[0] ?? '';
  return !path.startsWith('/api/') && path !== '/api' && !/\.[A-Za-z0-9]{1,8}$/.test(path);
}
