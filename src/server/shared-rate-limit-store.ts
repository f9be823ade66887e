/**
 * A store for @fastify/rate-limit that counts in the database (services/request-limits.ts), so that
 * every server instance on one database shares the limit: behind a load balancer, an address gets the
 * limit once, not once per instance. The plugin's global limit counts under `scope`; a route with a
 * limit of its own counts under `scope:<method> <url>`.
 */
import type { AppContext } from '../services/context.ts';
import { countRequest } from '../services/request-limits.ts';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;
interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

export function sharedRateLimitStore(app: AppContext, scope: string) {
  return class SharedRateLimitStore {
    readonly scope: string;
    constructor(_params: unknown, routeScope: string = scope) {
      this.scope = routeScope;
    }

    incr(key: string, cb: Callback, timeWindow: number, _max: number): void {
      countRequest(app.db, this.scope, key, timeWindow, app.clock().getTime()).then(
        (r) => cb(null, { current: r.hits, ttl: r.ttlMs }),
        (err: Error) => cb(err),
      );
    }

    /** The plugin passes the route's merged limit options, with the route under `routeInfo`. */
    child(options: object): SharedRateLimitStore {
      const params = options as RouteParams;
      const method = [params.routeInfo?.method ?? ''].flat().join(',');
      const url = params.routeInfo?.url ?? '';
      return new SharedRateLimitStore(options, `${scope}:${method} ${url}`);
    }
  };
}
