/** Creating a small file so that it survives a power cut: write, fsync the file, fsync its directory. */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates `path` (failing if it exists) with `mode`, and returns once its contents and its name are on disk. */
export function createFileDurably(path: string, contents: string, mode: number): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
