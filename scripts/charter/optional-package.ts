/**
 * Heavy dependencies that only one command needs (the Pact verifier for `verify`, Redoc for
 * `docs`) are optional peer dependencies of the toolchain. Such a command imports them through
 * importOptional(), so a project that never runs it never installs them, and one that does is
 * told exactly what to install instead of getting a module-resolution stack trace.
 */
export class MissingPackageError extends Error {
  readonly packageName: string;
  constructor(packageName: string, command: string) {
    super(`\`charter ${command}\` needs the package ${packageName}, which is not installed.\n  Install it in your project: npm install --save-dev ${packageName}`);
    this.name = 'MissingPackageError';
    this.packageName = packageName;
  }
}

export async function importOptional<T>(packageName: string, command: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if ((err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') && String(err.message).includes(packageName)) {
      throw new MissingPackageError(packageName, command);
    }
    throw e;
  }
}
