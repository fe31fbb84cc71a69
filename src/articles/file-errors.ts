/** One line for a failed file-system call, naming the cause and the fix where there is one. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or folder";
    case "EACCES":
    case "EPERM":
      return "permission denied; make it readable for this user";
    case "ELOOP":
      return "symbolic link loop";
    default:
      return String(error instanceof Error ? error.message : error).split("\n")[0]!;
  }
}
