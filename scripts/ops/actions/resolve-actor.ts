import { userInfo } from "node:os";

/** --actor, else the OS user (SUDO_USER first: `sudo pnpm ops` is still that person). */
export function resolveActor(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const explicit = flag?.trim();
  if (explicit) return explicit;
  const fromEnv = env.SUDO_USER?.trim() || env.USER?.trim() || env.LOGNAME?.trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
