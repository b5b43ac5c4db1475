import { embeddedTemplateDir, makeEmbeddedTemplate } from '../db/embedded-template.js';

/**
 * `coworker prepare` (npm's postinstall): makes the embedded database template, so that the first
 * start on a new embedded database copies it instead of creating one. Without it the first start
 * makes it, in a child process.
 */
export async function prepareCommand(args: string[], write: (line: string) => void): Promise<number> {
  // A folder given: the child process of a first start that found no template makes it there.
  const template = args[0] ?? (await embeddedTemplateDir());
  await makeEmbeddedTemplate(template);
  write(`The embedded database template is ready (${template}).`);
  return 0;
}
