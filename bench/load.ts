/** HTTP load with autocannon (from the benchmark process, against a server in another process on 127.0.0.1). */
import autocannon from 'autocannon';

export interface LoadRun {
  /** Responses per second over the run (all responses; `non2xx` says whether any failed). */
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  port: number;
  /** One path, or several that the connections go through in turn (e.g. different product pages). */
  paths: string[];
  connections: number;
  warmupS: number;
  durationS: number;
  runs: number;
  /** Method, headers and body of every request (default: GET); the Vendure peer's shop API takes a POST. */
  request?: { method: 'POST'; headers: Record<string, string>; body: string };
}

export interface LoadFigure extends LoadRun {
  runs: LoadRun[];
}

async function once(options: LoadOptions, durationS: number): Promise<LoadRun> {
  const url = `http://127.0.0.1:${options.port}${options.paths[0]}`;
  let next = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: durationS,
    timeout: 10,
    ...options.request,
    requests:
      options.paths.length > 1
        ? [
            {
              setupRequest: (request) => {
                const path = options.paths[next];
                next = (next + 1) % options.paths.length;
                return { ...request, path };
              },
            },
          ]
        : undefined,
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A warm-up run (discarded), then `runs` measured runs; each figure is the median over the runs. */
export async function measureHttp(options: LoadOptions): Promise<LoadFigure> {
  if (options.warmupS > 0) await once(options, options.warmupS);
  const runs: LoadRun[] = [];
  for (let i = 0; i < options.runs; i++) runs.push(await once(options, options.durationS));
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    runs,
  };
}
