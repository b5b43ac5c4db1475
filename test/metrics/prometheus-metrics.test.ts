import { describe, expect, it } from 'vitest';
import { noMetrics } from '../../src/metrics/metrics.js';
import { PrometheusMetrics } from '../../src/metrics/prometheus-metrics.js';
import { parseScrape } from '../support/prometheus-scrape.js';

const TOKENS = { input: 1000, output: 200, cacheRead: 5000, cacheWrite: 300 };

describe('PrometheusMetrics', () => {
  it('counts runs by agent, trigger and outcome, and failures by error code', async () => {
    const metrics = new PrometheusMetrics();
    metrics.runStarted({ agent: 'triage', trigger: 'command' });
    metrics.runStarted({ agent: 'triage', trigger: 'schedule' });
    metrics.runStarted({ agent: 'digest', trigger: 'schedule' });
    metrics.runFinished({ agent: 'triage', outcome: 'succeeded' });
    metrics.runFinished({ agent: 'triage', outcome: 'failed', errorCode: 'model_failed' });
    metrics.runFinished({ agent: 'digest', outcome: 'interrupted', errorCode: 'run_interrupted' });
    const scrape = parseScrape(await metrics.render());

    expect(scrape.typeOf('coworker_runs_started_total')).toBe('COUNTER');
    expect(scrape.value('coworker_runs_started_total', { agent: 'triage' })).toBe(2);
    expect(scrape.value('coworker_runs_started_total', { trigger: 'schedule' })).toBe(2);
    expect(scrape.value('coworker_runs_finished_total', { agent: 'triage', outcome: 'succeeded' })).toBe(1);
    expect(scrape.value('coworker_runs_finished_total', { agent: 'triage', outcome: 'failed' })).toBe(1);
    expect(scrape.value('coworker_runs_finished_total', { agent: 'digest', outcome: 'interrupted' })).toBe(1);
    expect(scrape.value('coworker_run_failures_total', { agent: 'triage', code: 'model_failed' })).toBe(1);
    expect(scrape.value('coworker_run_failures_total', { agent: 'digest', code: 'run_interrupted' })).toBe(1);
    // A success is not a failure of any code.
    expect(scrape.value('coworker_run_failures_total')).toBe(2);
  });

  it('counts decisions by agent and observes run and ack latencies in their buckets', async () => {
    const metrics = new PrometheusMetrics();
    metrics.reviewDecided({ agent: 'triage', decision: 'approved' });
    metrics.reviewDecided({ agent: 'triage', decision: 'approved' });
    metrics.reviewDecided({ agent: 'triage', decision: 'edited' });
    metrics.reviewDecided({ agent: 'triage', decision: 'rejected' });
    metrics.reviewDecided({ agent: 'digest', decision: 'expired' });
    metrics.reviewPosted({ agent: 'triage', seconds: 1.5 });
    metrics.reviewPosted({ agent: 'triage', seconds: 45 });
    metrics.acked({ kind: 'command', seconds: 0.02 });
    metrics.acked({ kind: 'action', seconds: 0.3 });
    metrics.acked({ kind: 'action', seconds: 0.004 });
    const scrape = parseScrape(await metrics.render());

    expect(scrape.value('coworker_reviews_decided_total', { agent: 'triage', decision: 'approved' })).toBe(2);
    expect(scrape.value('coworker_reviews_decided_total', { agent: 'triage', decision: 'edited' })).toBe(1);
    expect(scrape.value('coworker_reviews_decided_total', { agent: 'triage', decision: 'rejected' })).toBe(1);
    expect(scrape.value('coworker_reviews_decided_total', { agent: 'digest', decision: 'expired' })).toBe(1);

    expect(scrape.typeOf('coworker_run_latency_seconds')).toBe('HISTOGRAM');
    const bucket = (le: string) => scrape.value('coworker_run_latency_seconds_bucket', { agent: 'triage', le });
    expect([bucket('1'), bucket('2'), bucket('30'), bucket('60'), bucket('+Inf')]).toEqual([0, 1, 1, 2, 2]);
    expect(scrape.count('coworker_run_latency_seconds', { agent: 'triage' })).toBe(2);
    expect(scrape.value('coworker_run_latency_seconds_sum', { agent: 'triage' })).toBeCloseTo(46.5);
    expect(scrape.count('coworker_ack_latency_seconds', { kind: 'command' })).toBe(1);
    expect(scrape.count('coworker_ack_latency_seconds', { kind: 'action' })).toBe(2);
    expect(scrape.labelValues('coworker_ack_latency_seconds_count', 'kind')).toEqual(['action', 'command']);
  });

  it('adds tokens by kind and cost by model, and leaves the cost of a model without a price out', async () => {
    const metrics = new PrometheusMetrics();
    metrics.modelCalled({ model: 'claude-sonnet-4-6', ok: true, tokens: TOKENS, costUsd: 0.01 });
    metrics.modelCalled({ model: 'claude-sonnet-4-6', ok: true, tokens: TOKENS, costUsd: 0.02 });
    metrics.modelCalled({ model: 'claude-sonnet-4-6', ok: false });
    metrics.modelCalled({ model: 'claude-next', ok: true, tokens: TOKENS, costUsd: null });
    const scrape = parseScrape(await metrics.render());

    const sonnet = { model: 'claude-sonnet-4-6' };
    expect(scrape.value('coworker_model_calls_total', { ...sonnet, outcome: 'ok' })).toBe(2);
    expect(scrape.value('coworker_model_calls_total', { ...sonnet, outcome: 'failed' })).toBe(1);
    expect(scrape.value('coworker_model_tokens_total', { ...sonnet, kind: 'input' })).toBe(2000);
    expect(scrape.value('coworker_model_tokens_total', { ...sonnet, kind: 'output' })).toBe(400);
    expect(scrape.value('coworker_model_tokens_total', { ...sonnet, kind: 'cache_read' })).toBe(10_000);
    expect(scrape.value('coworker_model_tokens_total', { ...sonnet, kind: 'cache_write' })).toBe(600);
    expect(scrape.value('coworker_model_cost_usd_total', sonnet)).toBeCloseTo(0.03);
    expect(scrape.value('coworker_model_tokens_total', { model: 'claude-next', kind: 'input' })).toBe(1000);
    expect(scrape.labelValues('coworker_model_cost_usd_total', 'model')).toEqual(['claude-sonnet-4-6']);
  });

  it('counts tool calls by agent, server, tool and outcome', async () => {
    const metrics = new PrometheusMetrics();
    metrics.toolCalled({ agent: 'desk', server: 'crm', tool: 'search', outcome: 'ok' });
    metrics.toolCalled({ agent: 'desk', server: 'crm', tool: 'search', outcome: 'ok' });
    metrics.toolCalled({ agent: 'desk', server: 'crm', tool: 'search', outcome: 'error' });
    metrics.toolCalled({ agent: 'desk', server: 'docs', tool: 'search', outcome: 'failed' });
    const scrape = parseScrape(await metrics.render());
    const search = { agent: 'desk', server: 'crm', tool: 'search' };
    expect(scrape.value('coworker_tool_calls_total', { ...search, outcome: 'ok' })).toBe(2);
    expect(scrape.value('coworker_tool_calls_total', { ...search, outcome: 'error' })).toBe(1);
    expect(scrape.value('coworker_tool_calls_total', { server: 'docs', outcome: 'failed' })).toBe(1);
  });

  it('keeps each instance to its own registry, and adds the process metrics only when asked', async () => {
    const first = new PrometheusMetrics({ processMetrics: true });
    const second = new PrometheusMetrics();
    first.runStarted({ agent: 'a', trigger: 'command' });
    const one = parseScrape(await first.render());
    const two = parseScrape(await second.render());
    expect(one.value('coworker_runs_started_total')).toBe(1);
    expect(two.value('coworker_runs_started_total')).toBe(0);
    expect(one.typeOf('process_cpu_user_seconds_total')).toBe('COUNTER');
    expect(one.typeOf('nodejs_eventloop_lag_seconds')).toBe('GAUGE');
    expect(two.typeOf('process_cpu_user_seconds_total')).toBeUndefined();
    // Every metric of the app is described even before anything happened, so dashboards find them.
    expect(two.families.map((f) => f.name).sort()).toEqual([
      'coworker_ack_latency_seconds',
      'coworker_model_calls_total',
      'coworker_model_cost_usd_total',
      'coworker_model_tokens_total',
      'coworker_reviews_decided_total',
      'coworker_run_failures_total',
      'coworker_run_latency_seconds',
      'coworker_runs_finished_total',
      'coworker_runs_started_total',
      'coworker_tool_calls_total',
    ]);
    expect(first.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('noMetrics records nothing and never throws', () => {
    expect(() => {
      noMetrics.runStarted({ agent: 'a', trigger: 'cli' });
      noMetrics.modelCalled({ model: 'm', ok: false });
      noMetrics.acked({ kind: 'event', seconds: 1 });
    }).not.toThrow();
  });
});
