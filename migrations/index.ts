import type { Migration } from 'kysely';
import * as m0001 from './0001_core.js';
import * as m0002 from './0002_corrections.js';
import * as m0003 from './0003_scale.js';
import * as m0004 from './0004_followups.js';
import * as m0005 from './0005_interrupted_steps.js';
import * as m0006 from './0006_request_checks.js';
import * as m0007 from './0007_spec_yaml.js';
import * as m0008tools from './0008_20261202_tools_core_run_tool_calls.js';
import * as m0009files from './0009_20261202_files_attachments.js';
import * as m0010knowledge from './0010_20261202_knowledge.js';
import * as m0011evals from './0011_20261202_evals_run_context.js';

/**
 * Every migration, in order. Listed statically (not read from the folder) so the app runs the
 * same set under tsx, a bundler or compiled output. A new migration is one file plus one line.
 */
export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_corrections': m0002,
  '0003_scale': m0003,
  '0004_followups': m0004,
  '0005_interrupted_steps': m0005,
  '0006_request_checks': m0006,
  '0007_spec_yaml': m0007,
  '0008_20261202_tools_core_run_tool_calls': m0008tools,
  '0009_20261202_files_attachments': m0009files,
  '0010_20261202_knowledge': m0010knowledge,
  '0011_20261202_evals_run_context': m0011evals,
};
