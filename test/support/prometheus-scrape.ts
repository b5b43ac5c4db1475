import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

/** A parsed exposition, with lookups by metric name and a subset of labels. */
export interface Scrape {
  /** The families as parsed, with their types. */
  families: PrometheusFamily[];
  /** The family's type, or undefined when it is not exposed. */
  typeOf(name: string): PrometheusFamily['type'] | undefined;
  /**
   * The sum of the values of the samples named `name` whose labels include `labels` (0 when
   * none match). A histogram's samples are named as exposed: `x_bucket` (with `le`), `x_count`, `x_sum`.
   */
  value(name: string, labels?: Record<string, string>): number;
  /** The observations of histogram `name` whose labels include `labels` (its `_count` samples). */
  count(name: string, labels?: Record<string, string>): number;
  /** The values of label `label` among the samples named `name`, sorted. */
  labelValues(name: string, label: string): string[];
}

/**
 * Parses Prometheus' text format as a scraper would (parse-prometheus-text-format). The parser
 * folds all of a histogram's samples into one, dropping their labels (it handles unlabelled
 * histograms only), so the samples are read from a second parse without the TYPE lines, in
 * which every sample name (`x_bucket`, `x_count`, …) is a family of its own with its labels.
 */
export function parseScrape(text: string): Scrape {
  // The parser drops the last line's sample unless a line follows it.
  const families = parsePrometheusTextFormat(`${text}\n`);
  const untyped = parsePrometheusTextFormat(`${text.replace(/^# TYPE .*$/gm, '')}\n`);
  const samples = (name: string, labels: Record<string, string>) =>
    untyped
      .filter((f) => f.name === name)
      .flatMap((f) => f.metrics)
      .filter((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples(name, labels).reduce((sum, s) => sum + Number(s.value ?? 0), 0);
  return {
    families,
    typeOf: (name) => families.find((f) => f.name === name)?.type,
    value,
    count: (name, labels = {}) => value(`${name}_count`, labels),
    labelValues: (name, label) =>
      [...new Set(samples(name, {}).flatMap((s) => (s.labels?.[label] === undefined ? [] : [s.labels[label]])))].sort(),
  };
}

/** GETs `url` (an app's /metrics), checks the status and content type, and parses what it answers. */
export async function scrapeMetrics(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain')) throw new Error(`GET ${url} answered content-type ${type}`);
  return parseScrape(await response.text());
}
