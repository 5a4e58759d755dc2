import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSharedLocks, newRuntime, tempDir } from '../support/local-runtime';

const TIMEOUT = 'Lock timeout: another process was holding the lock for too long.';

describe('LockService with a shared in-process lock', () => {
  test('tryLock is false while another runtime holds the document lock, true after it ends', () => {
    const lock = createSharedLocks();
    const a = newRuntime({ lock });
    const b = newRuntime({ lock });
    const lockA = a.g.LockService.getDocumentLock();
    expect(lockA.hasLock()).toBe(false);
    expect(lockA.tryLock(100)).toBe(true);
    expect(lockA.hasLock()).toBe(true);
    expect(a.g.LockService.getDocumentLock().tryLock(0)).toBe(true); // same execution: already held

    const lockB = b.g.LockService.getDocumentLock();
    expect(lockB.tryLock(50)).toBe(false);
    expect(lockB.hasLock()).toBe(false);
    expect(b.g.LockService.getScriptLock().tryLock(0)).toBe(true); // a different lock

    a.rt.endExecution(); // the execution ends: its locks are released
    expect(lockA.hasLock()).toBe(false);
    expect(lockB.tryLock(0)).toBe(true);
    lockB.releaseLock();
    expect(lockB.hasLock()).toBe(false);
  });

  test('waitLock really waits for its timeout, then throws the documented message', () => {
    const lock = createSharedLocks();
    const a = newRuntime({ lock });
    const b = newRuntime({ lock });
    a.g.LockService.getScriptLock().waitLock(100);
    const started = Date.now();
    expect(() => b.g.LockService.getScriptLock().waitLock(400)).toThrow(TIMEOUT);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(1500);
    try {
      b.g.LockService.getScriptLock().waitLock(0);
    } catch (e) {
      expect(String(e)).toBe(`Exception: ${TIMEOUT}`);
    }
  });
});

describe('LockService with lock files', () => {
  test('two runtimes contend on the file; release removes it', () => {
    const file = join(tempDir(), 'book.xlsx.lock');
    const a = newRuntime({ lock: { file } });
    const b = newRuntime({ lock: { file } });
    expect(a.g.LockService.getDocumentLock().tryLock(0)).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(b.g.LockService.getDocumentLock().tryLock(60)).toBe(false);
    a.g.LockService.getDocumentLock().releaseLock();
    expect(existsSync(file)).toBe(false);
    expect(b.g.LockService.getDocumentLock().tryLock(0)).toBe(true);
    b.rt.endExecution();
    expect(existsSync(file)).toBe(false);
  });

  test('a lock file left by a dead process is recovered', () => {
    const file = join(tempDir(), 'book.xlsx.lock');
    writeFileSync(
      file,
      JSON.stringify({
        owner: 'gone',
        pid: 2 ** 22 + 12345,
        host: require('node:os').hostname(),
        acquiredAt: Date.now(),
      }),
    );
    const a = newRuntime({ lock: { file } });
    expect(a.g.LockService.getDocumentLock().tryLock(200)).toBe(true);
    a.rt.endExecution();
  });

  test('another process holding the lock file makes waitLock time out, then the lock is free', async () => {
    const file = join(tempDir(), 'book.xlsx.lock');
    const runtimePath = resolve(__dirname, '../../local/runtime');
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { createRuntime, Workbook } = require(${JSON.stringify(runtimePath)});
         const rt = createRuntime({ workbook: Workbook.create({}), scriptTimeZone: 'UTC', lock: { file: ${JSON.stringify(file)} } });
         const LockService = rt.globals().LockService;
         LockService.getDocumentLock().waitLock(1000);
         console.log('locked');
         LockService.getDocumentLock().tryLock(0);
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700);
         rt.endExecution();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    const b = newRuntime({ lock: { file } });
    expect(() => b.g.LockService.getDocumentLock().waitLock(200)).toThrow(TIMEOUT);
    expect(b.g.LockService.getDocumentLock().tryLock(1500)).toBe(true); // the child ends and releases
    b.rt.endExecution();
    await new Promise((done) => child.once('exit', done));
  });
});
