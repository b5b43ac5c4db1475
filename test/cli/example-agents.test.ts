import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactTypeFor } from '../../src/artifacts/index.js';
import { validateAgents } from '../../src/cli/validate.js';
import { readContextFiles } from '../../src/model/read-context-files.js';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { ROOT } from '../support/run-cli.js';

const AGENTS = path.join(ROOT, 'agents');

describe('the example agents in agents/', () => {
  it('are valid without any environment, with readable context files', async () => {
    const lines: string[] = [];
    expect(await validateAgents({ agentsDir: AGENTS, env: {}, cwd: ROOT, write: (l) => lines.push(l) })).toBe(0);
    const { agents } = await loadSpecs(AGENTS, {});
    for (const agent of agents) await readContextFiles(agent.file, agent.spec.context.files);
    expect(agents.map((a) => a.spec.name)).toEqual(
      expect.arrayContaining(['support-reply', 'weekly-update', 'invoice-check']),
    );
  });

  it('cover every artifact type', async () => {
    const { agents } = await loadSpecs(AGENTS, {});
    const types = new Set(agents.map((a) => artifactTypeFor(a.spec.artifact.type).type));
    expect([...types].sort()).toEqual(['changes', 'checklist', 'decision', 'document', 'message', 'table']);
  });
});
