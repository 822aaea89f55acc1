/**
 * The README's library example: the first ```ts block after the heading
 * `## As a library`. The pack check runs exactly this text against the
 * installed tarballs, so the README cannot drift from the published shape.
 *
 * @param readme the text of README.md
 * @returns the code of the block, without its fences
 * @throws Error naming what was not found (heading or block)
 */
export function readmeLibraryExample(readme: string): string {
  const lines = readme.split(/\r?\n/);
  const heading = lines.findIndex((line) => /^##\s+As a library\s*$/.test(line));
  if (heading < 0) throw new Error('README.md has no "## As a library" section');
  let start = -1;
  for (let i = heading + 1; i < lines.length; i++) {
    if (/^##\s/.test(lines[i])) break; // next section: the block must be in this one
    if (/^```(ts|typescript)\s*$/.test(lines[i])) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) throw new Error('README.md: no ```ts block in the "## As a library" section');
  const end = lines.findIndex((line, i) => i >= start && /^```\s*$/.test(line));
  if (end < 0) throw new Error(`README.md: the \`\`\`ts block opened at line ${start} is not closed`);
  return lines.slice(start, end).join('\n') + '\n';
}
