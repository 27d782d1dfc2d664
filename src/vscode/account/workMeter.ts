// What a stretch of work cost this extension host: its wall time, and the
// time its event loop was busy meanwhile (parsing, figures, the shared file,
// the views; any other extension's work in that time counts too). Logged
// with each refresh; `npm run bench` reads it.
import { performance } from 'perf_hooks';

/** Starts measuring; the function returned says "312 ms, this host busy 18 ms of it". */
export function workMeter(): () => string {
  const busy0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  return () => `${Math.round(performance.now() - t0)} ms, this host busy ${Math.round(performance.eventLoopUtilization(busy0).active)} ms of it`;
}
