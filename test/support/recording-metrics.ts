import type { Metrics } from '../../src/metrics/metrics.js';

type Events = { [K in keyof Metrics]: Array<Parameters<Metrics[K]>[0]> };

/** A Metrics that keeps every event it is told, by method, for tests of what is recorded where. */
export function recordingMetrics(): Metrics & { events: Events } {
  const events: Events = {
    runStarted: [],
    runFinished: [],
    reviewPosted: [],
    reviewDecided: [],
    modelCalled: [],
    toolCalled: [],
    acked: [],
  };
  return {
    events,
    runStarted: (e) => void events.runStarted.push(e),
    runFinished: (e) => void events.runFinished.push(e),
    reviewPosted: (e) => void events.reviewPosted.push(e),
    reviewDecided: (e) => void events.reviewDecided.push(e),
    modelCalled: (e) => void events.modelCalled.push(e),
    toolCalled: (e) => void events.toolCalled.push(e),
    acked: (e) => void events.acked.push(e),
  };
}
