import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeLibraryExample } from './readme-example.js';

describe('readmeLibraryExample', () => {
  it('takes the first ts block of the "As a library" section, fences removed', () => {
    const readme = ['# T', '```ts', 'before();', '```', '## As a library', 'text', '```ts', "import { a } from 'b';", 'a();', '```', '```ts', 'second();', '```'].join('\n');
    expect(readmeLibraryExample(readme)).toBe("import { a } from 'b';\na();\n");
  });

  it('names what is missing: the section, or a block inside it', () => {
    expect(() => readmeLibraryExample('# T\n```ts\nx();\n```\n')).toThrow(/no "## As a library" section/);
    expect(() => readmeLibraryExample('## As a library\ntext\n## Next\n```ts\nx();\n```\n')).toThrow(/no ```ts block/);
    expect(() => readmeLibraryExample('## As a library\n```ts\nx();\n')).toThrow(/not closed/);
  });

  it("finds the repository README's example, which imports the published packages", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
    const code = readmeLibraryExample(readme);
    expect(code).toMatch(/from '@sparseprop\/core'/);
    expect(code).toMatch(/\.run\(/);
  });
});
