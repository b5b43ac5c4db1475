/** A fact file for KNOWLEDGE_DIR as a team writes one: its header (`verify_every` left out when undefined), then the fact. */
export function factFile(title: string, owner: string, verify: string | undefined, body: string): string {
  return `---\ntitle: ${title}\nowner: "${owner}"\n${verify === undefined ? '' : `verify_every: ${verify}\n`}---\n${body}\n`;
}
