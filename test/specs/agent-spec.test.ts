import { describe, expect, it } from 'vitest';
import type { AgentSpecInput } from '../../src/specs/agent-spec.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';

const minimal: AgentSpecInput = {
  name: 'faq',
  channels: ['#support'],
  instructions: 'Answer.',
  artifact: { type: 'message' },
};

/** `[path, message]` of each issue when parsing `minimal` with `patch` applied. */
function issues(patch: Record<string, unknown>): Array<[string, string]> {
  const result = AgentSpec.safeParse({ ...minimal, ...patch });
  if (result.success) return [];
  return result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('AgentSpec', () => {
  it('applies every default of DESIGN.md to a minimal spec', () => {
    expect(AgentSpec.parse(minimal)).toEqual({
      name: 'faq',
      channels: ['#support'],
      instructions: 'Answer.',
      artifact: { type: 'message' },
      triggers: { mention: false, schedule: [] },
      context: { files: [], history: 0, corrections: 20, attachments: true, knowledge: [] },
      review: { quorum: 1, self_approval: true, expires_after: 48 * 3_600_000 },
      limits: { timeout: 120_000, max_tokens: 4096, tool_calls: 10 },
      tools: {},
      on_approve: [],
    });
  });

  it('fills defaults inside a section that is partly written', () => {
    const spec = AgentSpec.parse({
      ...minimal,
      review: { quorum: 2 },
      context: { history: 5 },
      limits: { max_tokens: 1000 },
    });
    expect(spec.review).toEqual({ quorum: 2, self_approval: true, expires_after: 172_800_000 });
    expect(spec.context).toEqual({ files: [], history: 5, corrections: 20, attachments: true, knowledge: [] });
    expect(spec.limits).toEqual({ timeout: 120_000, max_tokens: 1000, tool_calls: 10 });
  });

  it('parses the complete example, on_approve steps as post | webhook', () => {
    const spec = AgentSpec.parse({
      ...minimal,
      triggers: {
        command: 'lead-digest',
        mention: true,
        message: { match: 'new lead', flags: 'i' },
        schedule: [{ cron: '0 0 9 * * MON', timezone: 'Europe/Berlin', input: 'Digest', channel: '#Support' }],
      },
      review: { approvers: ['U012ABCDEF', 'W012ABCDEF', '@sales-leads'], expires_after: '7d' },
      on_approve: [
        { post: '#sales-pipeline' },
        { webhook: { url: 'http://10.0.0.5:8080/hook', secret: 's' } },
        { webhook: { url: 'https://x.example' } },
      ],
    });
    expect(spec.triggers.schedule).toEqual([
      { cron: '0 0 9 * * MON', timezone: 'Europe/Berlin', input: 'Digest', channel: '#Support' },
    ]);
    expect(spec.review.expires_after).toBe(604_800_000);
    expect(spec.on_approve).toEqual([
      { kind: 'post', channel: '#sales-pipeline' },
      { kind: 'webhook', url: 'http://10.0.0.5:8080/hook', secret: 's' },
      { kind: 'webhook', url: 'https://x.example' },
    ]);
  });

  it('requires channels, instructions and artifact.type', () => {
    const result = AgentSpec.safeParse({ name: 'x', artifact: {} });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['channels', 'instructions', 'artifact.type']);
    expect(issues({ channels: [] })).toEqual([['channels', 'list at least one channel the agent works in']]);
    expect(issues({ instructions: '  ' })).toEqual([['instructions', 'must not be empty']]);
  });

  it('rejects unknown keys at every level, including the artifact section', () => {
    expect(issues({ instruction: 'x' })).toEqual([['', 'Unrecognized key: "instruction"']]);
    expect(issues({ triggers: { comand: 'x' } })).toEqual([['triggers', 'Unrecognized key: "comand"']]);
    expect(issues({ artifact: { type: 'table', columns: ['a'], colums: ['b'] } })).toEqual([
      ['artifact', 'Unrecognized key: "colums"'],
    ]);
    expect(issues({ on_approve: [{ post: '#a', channel: '#b' }] })).toEqual([
      ['on_approve.0', 'Unrecognized key: "channel"'],
    ]);
  });

  it('checks the name', () => {
    expect(issues({ name: 'lead-digest2' })).toEqual([]);
    expect(issues({ name: 'Lead_Digest' })).toEqual([
      [
        'name',
        '"Lead_Digest" is not a valid agent name: use lower-case letters, digits and single hyphens (e.g. lead-digest)',
      ],
    ]);
    expect(issues({ name: 'a--b' })).toHaveLength(1);
  });

  it('checks channel references', () => {
    expect(issues({ channels: ['#sales', 'sales-eu', 'C0123456789'] })).toEqual([]);
    expect(issues({ channels: ['sales team'] })).toEqual([
      ['channels.0', '"sales team" is not a channel: write a name such as "#sales" or an ID such as "C0123456789"'],
    ]);
  });

  it('checks the command trigger: a word, and not a subcommand', () => {
    expect(issues({ triggers: { command: 'Digest' } })).toEqual([
      [
        'triggers.command',
        '"Digest" is not a command word: use lower-case letters, digits and single hyphens (e.g. digest, lead-digest)',
      ],
    ]);
    for (const sub of ['help', 'list', 'run', 'status', 'corrections']) {
      expect(issues({ triggers: { command: sub } })).toEqual([
        [
          'triggers.command',
          `"${sub}" is a /coworker subcommand (help, list, run, status, corrections, knowledge); choose another command`,
        ],
      ]);
    }
  });

  it('checks the message trigger: the regex must compile with its flags', () => {
    expect(issues({ triggers: { message: { match: '^refund\\b', flags: 'iu' } } })).toEqual([]);
    expect(issues({ triggers: { message: { match: '(unclosed', flags: 'i' } } })).toEqual([
      ['triggers.message.match', '"(unclosed" is not a valid regular expression: Unterminated group'],
    ]);
    const badFlags =
      'are not valid regular expression flags: use each of d, g, i, m, s, u, v, y at most once (u and v not together)';
    expect(issues({ triggers: { message: { match: 'x', flags: 'ix' } } })).toEqual([
      ['triggers.message.flags', `"ix" ${badFlags}`],
    ]);
    expect(issues({ triggers: { message: { match: 'x', flags: 'ii' } } })).toEqual([
      ['triggers.message.flags', `"ii" ${badFlags}`],
    ]);
    expect(issues({ triggers: { message: { match: 'x', flags: 'uv' } } })).toEqual([
      ['triggers.message.flags', `"uv" ${badFlags}`],
    ]);
  });

  it('checks schedules: cron with 5 or 6 fields, IANA time zone, a bound channel', () => {
    expect(issues({ triggers: { schedule: [{ cron: '*/15 9-17 * * MON-FRI', timezone: 'UTC' }] } })).toEqual([]);
    expect(issues({ triggers: { schedule: [{ cron: '0 9 * *' }] } })).toEqual([
      [
        'triggers.schedule.0.cron',
        '"0 9 * *" has 4 fields; a cron expression has 5 (minute hour day month weekday) or 6 (with seconds first)',
      ],
    ]);
    expect(issues({ triggers: { schedule: [{ cron: '@daily' }] } })).toHaveLength(1);
    expect(issues({ triggers: { schedule: [{ cron: '0 9 * * FUNDAY' }] } })).toEqual([
      [
        'triggers.schedule.0.cron',
        '"0 9 * * FUNDAY" is not a valid cron expression: FUNDAY is a invalid expression for week day',
      ],
    ]);
    expect(issues({ triggers: { schedule: [{ cron: '0 9 * * *', timezone: 'Europe/Berln' }] } })).toEqual([
      [
        'triggers.schedule.0.timezone',
        '"Europe/Berln" is not a known time zone: use an IANA name such as Europe/Berlin or UTC',
      ],
    ]);
    expect(issues({ triggers: { schedule: [{ cron: '0 9 * * *', channel: '#ops' }] } })).toEqual([
      [
        'triggers.schedule.0.channel',
        `"#ops" is not one of this agent's channels (write it as it appears in channels)`,
      ],
    ]);
  });

  it('checks that context files stay inside the spec folder', () => {
    expect(issues({ context: { files: ['context/a.md', './b.md', 'c/../d.md'] } })).toEqual([]);
    expect(issues({ context: { files: ['../secrets.md', '/etc/passwd', 'a/../../b', 'C:\\x.md', '.'] } })).toEqual([
      ['context.files.0', `"../secrets.md" points outside the spec's folder`],
      ['context.files.1', `"/etc/passwd" is absolute: context files are relative to the spec's folder`],
      ['context.files.2', `"a/../../b" points outside the spec's folder`],
      ['context.files.3', `"C:\\x.md" is absolute: context files are relative to the spec's folder`],
      ['context.files.4', `"." is the spec's folder, not a file`],
    ]);
    expect(issues({ context: { history: -1, corrections: 1.5 } })).toEqual([
      ['context.history', 'must be 0 or more'],
      ['context.corrections', 'expected a whole number of corrections'],
    ]);
    expect(AgentSpec.parse({ ...minimal, context: { attachments: false } }).context.attachments).toBe(false);
    expect(issues({ context: { attachments: 'no' } })).toEqual([['context.attachments', 'expected true or false']]);
  });

  it('checks review approvers and quorum', () => {
    expect(issues({ review: { approvers: ['alice'] } })).toEqual([
      ['review.approvers.0', '"alice" is neither a user ID (U012ABCDEF) nor a user-group handle (@sales-leads)'],
    ]);
    expect(issues({ review: { approvers: [] } })).toEqual([
      ['review.approvers', 'is empty: list at least one approver, or remove approvers to let anyone approve'],
    ]);
    expect(issues({ review: { approvers: ['U012ABCDEF', 'U012ABCDEF'], quorum: 2 } })).toEqual([
      ['review.quorum', '2 approvals needed but only 1 approver listed'],
    ]);
    // A group may hold any number of people: the quorum cannot be judged.
    expect(issues({ review: { approvers: ['U012ABCDEF', '@leads'], quorum: 3 } })).toEqual([]);
    expect(issues({ review: { quorum: 0 } })).toEqual([['review.quorum', 'must be at least 1']]);
  });

  it('checks durations and limits', () => {
    expect(issues({ limits: { timeout: '90', max_tokens: 0 } })).toEqual([
      [
        'limits.timeout',
        '"90" is not a duration: write a whole number above zero and a unit s, m, h or d (e.g. 30s, 15m, 48h, 7d)',
      ],
      ['limits.max_tokens', 'must be at least 1'],
    ]);
  });

  it('checks on_approve steps', () => {
    expect(issues({ on_approve: [{}] })).toEqual([
      ['on_approve.0', 'each on_approve step is either `post: <channel>` or `webhook: { url, secret? }`'],
    ]);
    expect(issues({ on_approve: [{ post: '#a', webhook: { url: 'https://x.example' } }] })).toHaveLength(1);
    expect(issues({ on_approve: [{ webhook: { url: 'ftp://x.example/file' } }] })).toEqual([
      ['on_approve.0.webhook.url', '"ftp://x.example/file" is not an http(s) URL'],
    ]);
    expect(issues({ on_approve: [{ webhook: { url: 'not a url' } }] })).toEqual([
      ['on_approve.0.webhook.url', '"not a url" is not an http(s) URL'],
    ]);
  });

  it('checks the artifact type and its options', () => {
    expect(issues({ artifact: { type: 'table', columns: ['a', 'b'] } })).toEqual([]);
    expect(issues({ artifact: { type: 'tabel' } }).map(([p]) => p)).toEqual(['artifact.type']);
    expect(issues({ artifact: { type: 'decision', labels: ['yes'] } }).map(([p]) => p)).toEqual(['artifact.labels']);
  });
});
