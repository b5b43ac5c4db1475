import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { lineLocator } from '../specs/line-locator.js';
import { formatPath, type SpecProblem } from '../specs/spec-problem.js';
import { type Fact, FactHeader } from './fact.js';

export type ParsedFact = { ok: true; fact: Fact } | { ok: false; problems: SpecProblem[] };

/** The header opens and closes with a line of three dashes, as front matter does everywhere. */
const FENCE = /^---[ \t]*$/;

/**
 * Parses a fact file: a `---` header (title, owner, verify_every) then the fact in Markdown.
 * Pure; never throws: every problem comes with the line it is on.
 */
export function parseFact(text: string, file: string, id: string, hash: string): ParsedFact {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) {
    return fail({
      path: '',
      line: 1,
      message: 'a fact file starts with a header between --- lines (title, owner, verify_every), then the fact',
    });
  }
  const close = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (close < 0)
    return fail({ path: '', line: 1, message: 'the header opened by --- on line 1 is never closed by ---' });
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.slice(1, close).join('\n'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return fail(
      ...doc.errors.map((error) => ({
        path: '',
        line: (lineCounter.linePos(error.pos[0]).line ?? 0) + 1,
        message: `the header is not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    );
  }
  const locate = lineLocator(doc, lineCounter);
  const header = FactHeader.safeParse(doc.toJS() ?? {});
  const problems: SpecProblem[] = header.success
    ? []
    : header.error.issues.flatMap((issue) => problemsOf(issue, locate));
  const body = lines
    .slice(close + 1)
    .join('\n')
    .trim();
  if (body === '')
    problems.push({ path: '', line: close + 1, message: 'the fact itself is missing: write it after the header' });
  if (!header.success || problems.length > 0) return fail(...problems);
  return {
    ok: true,
    fact: {
      id,
      file,
      title: header.data.title,
      owner: header.data.owner,
      verifyEveryMs: header.data.verify_every,
      body,
      hash,
    },
  };
}

function problemsOf(issue: z.core.$ZodIssue, locate: ReturnType<typeof lineLocator>): SpecProblem[] {
  const at = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      located([...at, key], locate, `unknown field "${key}" (a header holds title, owner and verify_every)`),
    );
  }
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  return [located(at, locate, missing ? 'required field is missing' : issue.message)];
}

/** Header lines count from the line after the opening ---. */
function located(at: Array<string | number>, locate: ReturnType<typeof lineLocator>, message: string): SpecProblem {
  const line = locate(at);
  return line === undefined ? { path: formatPath(at), message } : { path: formatPath(at), line: line + 1, message };
}

function fail(...problems: SpecProblem[]): ParsedFact {
  return { ok: false, problems };
}
