import type { Logger } from '@slack/logger';

/** A Logger that keeps every line as [level, text], for asserting what was logged and how often. */
export function recordingLogger(): { logger: Logger; lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  const record =
    (level: string) =>
    (...msg: unknown[]) =>
      void lines.push([level, msg.map(String).join(' ')]);
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    setLevel: () => {},
    getLevel: () => 'info' as ReturnType<Logger['getLevel']>,
    setName: () => {},
  };
  return { logger, lines };
}
