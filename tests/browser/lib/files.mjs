// File discovery helpers shared by suite.mjs and screenshots.mjs.
import fs from 'node:fs';
import path from 'node:path';

/** All files under dir (recursively) whose name ends with ext, as sorted POSIX relative paths. */
export function findFiles(dir, ext = '.html') {
  const out = [];
  const walk = (abs, rel) => {
    const entries = fs.readdirSync(abs, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const a = path.join(abs, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(a, r);
      else if (e.isFile() && e.name.toLowerCase().endsWith(ext)) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Convert a simple glob (supports **, *, ?) to a RegExp matched against POSIX relative paths. */
export function globToRegExp(glob) {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else {
          re += '.*';
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(re + '$');
}
