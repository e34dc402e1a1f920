import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const NEWLINE = 0x0a;
const TAIL_CHUNK_BYTES = 64 * 1024;

/**
 * Appends `line` (newline included) to a file of lines in one write(2) and waits for the disk
 * (fsync), so it survives a power cut once this returns. A last line without its newline is what a
 * crash (or a full disk) left of an earlier write: it is cut off first, so it never ends up in the
 * middle of the file, where it would count as damage.
 */
export function appendLine(path: string, line: string): void {
  const created = !existsSync(path);
  const fd = openSync(path, 'a+');
  try {
    cutTornTail(fd);
    writeAll(fd, Buffer.from(line));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) syncDirectory(dirname(path));
}

/**
 * Replaces a file's content atomically: a temporary file beside it (`.<name>.tmp`, which no reader
 * takes for a month file), synced, then renamed over it. A reader sees the old or the new content.
 */
export function replaceFile(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    writeAll(fd, Buffer.from(text));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  syncDirectory(dirname(path));
}

/**
 * Makes a new, renamed or deleted file's directory entry durable. Best effort: some platforms
 * (Windows) cannot open a directory to sync it.
 */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // the entry reaches the disk with the file system's next commit instead
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Truncates the file after its last newline when it does not end with one. */
function cutTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === NEWLINE) return;
  // Rare (after a crash): search backwards for the last newline, a chunk at a time.
  const chunk = Buffer.alloc(TAIL_CHUNK_BYTES);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    const read = readSync(fd, chunk, 0, end - start, start);
    const at = chunk.subarray(0, read).lastIndexOf(NEWLINE);
    if (at >= 0) {
      ftruncateSync(fd, start + at + 1);
      return;
    }
    end = start;
  }
  ftruncateSync(fd, 0);
}

/** One write(2) for a line; more only if the kernel takes less than all of it. */
function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}
