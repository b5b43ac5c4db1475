import type { Config } from '../config/config.js';
import { createLogger } from '../logger.js';
import { McpToolGateway } from '../tools/mcp-tool-gateway.js';

/**
 * The tool gateway of a CLI command: tool servers get PATH and HOME from this process's
 * environment (and their spec's `env`), their stderr is logged at debug level (LOG_LEVEL=debug).
 */
export function createCliToolGateway(config: Config): McpToolGateway {
  return new McpToolGateway({
    baseEnv: { PATH: config.env.PATH, HOME: config.env.HOME },
    logger: createLogger(config.logLevel),
  });
}
