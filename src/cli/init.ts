/** `lectern init DIR`: a new manuscript that builds cleanly (book.yaml, a chapter, a rights block). */
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT } from './exit-codes.js';

export function newManuscriptFiles(title: string, author: string, today: string, uuid: string): Record<string, string> {
  const q = (s: string) => JSON.stringify(s);
  return {
    'book.yaml': `# Lectern manuscript: see the README for every key.
title: ${q(title)}
creators:
  - name: ${q(author)}
    role: aut
language: en
# A stable identifier: keep it for every build of this book.
identifier: urn:uuid:${uuid}
date: ${today}
description: ${q(`A new book made with lectern init.`)}
subjects: []
`,
    '01-chapter.md': `# ${title}

Byline: ${author} {.byline}

Write your text here. Paragraphs are separated by blank lines; *emphasis*, **strong**,
[links](https://example.org), lists, tables, footnotes[^1] and images with alternative text all work.

On 1 March 2024 this manuscript was created; dates like that one go into the chronology.

[^1]: A footnote.

::: rights
Copyright © ${today.slice(0, 4)} ${author}. All rights reserved.
:::
`,
  };
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a new manuscript folder that builds cleanly')
    .argument('<dir>', 'the folder to create (must be empty or absent)')
    .option('--title <title>', 'the book\'s title', 'Untitled')
    .option('--author <name>', 'the author', 'Anonymous')
    .action(async (dir: string, opts: { title: string; author: string }) => {
      if (existsSync(dir) && readdirSync(dir).length > 0) {
        process.stderr.write(`lectern init: ${dir} is not empty; nothing was written\n`);
        process.exitCode = EXIT.failed;
        return;
      }
      await mkdir(dir, { recursive: true });
      const today = new Date().toISOString().slice(0, 10);
      const files = newManuscriptFiles(opts.title, opts.author, today, randomUUID());
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
      process.stdout.write(`created ${dir}/ (${Object.keys(files).join(', ')})\nnext: npx lectern build ${dir} --out ${path.join(dir, 'dist')}\n`);
      process.exitCode = EXIT.ok;
    });
}
