/**
 * The load generator of the HTTP benchmarks, run as a process of its own (bench/reads.bench.ts#cannon):
 *   node --import tsx bench/load-client.ts <options.json>
 * where the file holds `{ url, paths, headers, seconds, connections }`. It fires autocannon at `url`, each
 * request at the next of `paths` in turn, and prints one line of JSON: requests per second (average),
 * p50, p99 and longest latency (ms), and the count of errors, timeouts and answers other than 2xx.
 * In its own process, the client's work (sending the requests, reading and parsing the answers) does not
 * run on the event loop of the server it measures.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  paths: string[];
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

/** autocannon over `paths` in turn, in this process. */
export function fire(o: LoadOptions): Promise<Load> {
  let k = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: o.url,
        connections: o.connections,
        duration: o.seconds,
        headers: o.headers,
        requests: [{ setupRequest: (req) => ({ ...req, path: o.paths[k++ % o.paths.length]! }) }],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          errors: r.non2xx + r.errors + r.timeouts,
        });
      },
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadOptions;
  process.stdout.write(`${JSON.stringify(await fire(options))}\n`);
}
