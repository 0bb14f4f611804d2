// The file side of an export (issue 22): a directory only the runner's user can enter (0700) and the
// files written atomically with their mode from the start (the key 0600), so no reader ever sees a
// half-written file or a key readable by others, not even for a moment.
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, mkdtemp, rename, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FileToWrite } from './rules.js'

/**
 * `path` made (and its missing parents) with mode 0700, or, when undefined, a new directory under
 * `tempRoot` (RUNNER_TEMP), 0700. An existing directory the user named keeps its mode.
 */
export async function exportDirectory(path: string | undefined, tempRoot: string): Promise<string> {
  if (path === undefined) {
    await mkdir(tempRoot, { recursive: true })
    const made = await mkdtemp(join(tempRoot, 'acm-certificate-'))
    await chmod(made, 0o700)
    return made
  }
  await mkdir(path, { recursive: true, mode: 0o700 })
  return path
}

/** Each file through a temporary sibling created with the file's mode, then renamed over the target. */
export async function writeExportFiles(files: readonly FileToWrite[]): Promise<void> {
  for (const file of files) {
    const temp = join(dirname(file.path), `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`)
    try {
      await writeFile(temp, file.content, { encoding: 'utf8', mode: file.mode, flag: 'wx' })
      await chmod(temp, file.mode) // the umask may have taken bits away; never added any
      await rename(temp, file.path)
    } catch (err) {
      await unlink(temp).catch(() => undefined)
      throw err
    }
  }
}
