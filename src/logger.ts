import { ConsoleLogger, LogLevel, type Logger } from '@slack/logger';

export type { Logger };

/** The app's logger: Slack's console logger, so Bolt and our code log alike. Never log tokens or prompts at info. */
export function createLogger(level: 'debug' | 'info' | 'warn' | 'error', name = 'coworker'): Logger {
  const logger = new ConsoleLogger();
  logger.setName(name);
  logger.setLevel(level as LogLevel);
  return logger;
}
